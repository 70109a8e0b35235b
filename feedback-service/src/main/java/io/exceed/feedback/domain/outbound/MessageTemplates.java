package io.exceed.feedback.domain.outbound;

import java.time.Clock;
import java.util.Optional;

import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** Setting, showing and removing a tenant's own message templates. */
public class MessageTemplates {

    private static final String RESOURCE = "message template";

    private final MessageTemplateStore store;
    private final Clock clock;

    public MessageTemplates(MessageTemplateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Checks and stores the template, replacing the one with its key; a refused one changes nothing. */
    public MessageTemplate update(TenantId tenant, MessageTemplate requested, Violations violations) {
        MessageTemplateRules.check(requested, violations);
        MessageTemplate stored = requested.withUpdateTime(clock.instant());
        store.save(tenant, stored);
        return stored;
    }

    public MessageTemplate get(TenantId tenant, MessageTemplate.Key key) {
        checked(key);
        return store.find(tenant, key).orElseThrow(() -> new NotFoundException(RESOURCE,
                key.channel() + "/" + key.kind() + "/" + key.language()));
    }

    public Page<MessageTemplate> list(TenantId tenant, Optional<String> after, int limit) {
        return store.list(tenant, after, limit);
    }

    /** Removes the tenant's template, if it has one: its messages go back to the built-in wording. */
    public void delete(TenantId tenant, MessageTemplate.Key key) {
        checked(key);
        store.delete(tenant, key);
    }

    public boolean isPosition(TenantId tenant, String position) {
        return store.isPosition(tenant, position);
    }

    private static void checked(MessageTemplate.Key key) {
        Violations violations = new Violations();
        MessageTemplateRules.checkKey(key, violations);
        violations.throwIfAny();
    }
}
