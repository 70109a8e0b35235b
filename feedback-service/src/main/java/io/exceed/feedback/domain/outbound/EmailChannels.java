package io.exceed.feedback.domain.outbound;

import java.time.Clock;

import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;

/** Setting and showing a tenant's e-mail channel. */
public class EmailChannels {

    private static final String RESOURCE = "email channel";

    private final EmailChannelStore store;
    private final boolean secretsCanBeStored;
    private final Clock clock;

    /**
     * @param secretsCanBeStored whether the service has a key to encrypt passwords with; without one no channel
     *                           can be set (passwords are never stored in the clear)
     */
    public EmailChannels(EmailChannelStore store, boolean secretsCanBeStored, Clock clock) {
        this.store = store;
        this.secretsCanBeStored = secretsCanBeStored;
        this.clock = clock;
    }

    /** Validates and stores the channel; a refused one changes nothing. Returns it as shown (no password). */
    public EmailChannel update(TenantId tenant, EmailChannel requested, Violations violations) {
        EmailChannel checked = EmailChannelRules.check(requested, violations);
        if (!secretsCanBeStored) {
            throw new FailedPreconditionException("MAIL_SECRET_KEY_MISSING", "this feedback-service has no key to "
                    + "encrypt SMTP passwords with (EXCEED_MAIL_SECRET_KEY), so it sends no e-mail");
        }
        boolean keepPassword = !checked.passwordSet() && checked.authenticates() && store.find(tenant)
                .filter(stored -> stored.passwordSet() && checked.username().equals(stored.username())).isPresent();
        EmailChannel stored = checked.toBuilder().passwordSet(checked.passwordSet() || keepPassword)
                .updateTime(clock.instant()).build();
        store.save(tenant, stored, keepPassword);
        return stored.withoutPassword();
    }

    public EmailChannel get(TenantId tenant) {
        return store.find(tenant).map(EmailChannel::withoutPassword)
                .orElseThrow(() -> new NotFoundException(RESOURCE, tenant.value()));
    }
}
