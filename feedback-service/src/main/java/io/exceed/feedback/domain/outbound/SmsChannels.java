package io.exceed.feedback.domain.outbound;

import java.time.Clock;
import java.util.Optional;

import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;

/** Setting and showing a tenant's SMS channel. */
public class SmsChannels {

    private static final String RESOURCE = "SMS channel";

    private final SmsChannelStore store;
    private final boolean secretsCanBeStored;
    private final Clock clock;

    /**
     * @param secretsCanBeStored whether the service has a key to encrypt auth tokens with (the e-mail channel's,
     *                           EXCEED_MAIL_SECRET_KEY); without one no channel can be set
     */
    public SmsChannels(SmsChannelStore store, boolean secretsCanBeStored, Clock clock) {
        this.store = store;
        this.secretsCanBeStored = secretsCanBeStored;
        this.clock = clock;
    }

    /** Validates and stores the channel; a refused one changes nothing. Returns it as shown (no auth token). */
    public SmsChannel update(TenantId tenant, SmsChannel requested, Violations violations) {
        Optional<SmsChannel> stored = store.find(tenant);
        String accountSid = requested.accountSid() == null ? "" : requested.accountSid().strip();
        // A token belongs to its account: one left out is kept only for the same account.
        boolean tokenStored = stored.filter(channel -> channel.authTokenSet()
                && channel.accountSid().equals(accountSid)).isPresent();
        SmsChannel checked = SmsChannelRules.check(requested, tokenStored, violations);
        if (!secretsCanBeStored) {
            throw new FailedPreconditionException("MAIL_SECRET_KEY_MISSING", "this feedback-service has no key to "
                    + "encrypt auth tokens with (EXCEED_MAIL_SECRET_KEY), so it sends no texts");
        }
        boolean keepToken = !checked.authTokenSet();
        SmsChannel saved = checked.withAuthTokenSet(true, clock.instant());
        store.save(tenant, saved, keepToken);
        return saved.withoutAuthToken();
    }

    public SmsChannel get(TenantId tenant) {
        return store.find(tenant).map(SmsChannel::withoutAuthToken)
                .orElseThrow(() -> new NotFoundException(RESOURCE, tenant.value()));
    }
}
