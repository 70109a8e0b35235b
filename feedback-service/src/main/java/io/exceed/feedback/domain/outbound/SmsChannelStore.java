package io.exceed.feedback.domain.outbound;

import java.util.Optional;

import io.exceed.defaults.tenancy.TenantId;

/** Tenants' SMS channels, one each; the auth token is encrypted at rest. */
public interface SmsChannelStore {

    /** Replaces the tenant's channel. A channel without a token keeps the stored one when {@code keepToken}. */
    void save(TenantId tenant, SmsChannel channel, boolean keepToken);

    /** The channel with its auth token in plain text, for sending and for checking the provider's signatures. */
    Optional<SmsChannel> find(TenantId tenant);

    /** Whether the tenant has a channel; cheap, asked for every invitation. */
    boolean exists(TenantId tenant);
}
