package io.exceed.feedback.domain.outbound;

import java.util.Optional;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** Tenants' own message templates, each found by its key; read for every message written. */
public interface MessageTemplateStore {

    /** Stores the template, replacing the tenant's one with the same key. */
    void save(TenantId tenant, MessageTemplate template);

    Optional<MessageTemplate> find(TenantId tenant, MessageTemplate.Key key);

    /** The tenant's templates ordered by key, after the position of the page before. */
    Page<MessageTemplate> list(TenantId tenant, Optional<String> after, int limit);

    /** Whether {@code position} is one {@link #list} hands out for the tenant (a page token's content). */
    boolean isPosition(TenantId tenant, String position);

    void delete(TenantId tenant, MessageTemplate.Key key);
}
