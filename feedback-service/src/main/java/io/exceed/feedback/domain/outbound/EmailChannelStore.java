package io.exceed.feedback.domain.outbound;

import java.util.Optional;

import io.exceed.defaults.tenancy.TenantId;

/** Tenants' e-mail channels, one each; the password is encrypted at rest. */
public interface EmailChannelStore {

    /**
     * Replaces the tenant's channel. A channel without a password keeps the stored one when {@code keepPassword}
     * (the username is unchanged).
     */
    void save(TenantId tenant, EmailChannel channel, boolean keepPassword);

    /** The channel with its password in plain text, for sending. */
    Optional<EmailChannel> find(TenantId tenant);

    /** Whether the tenant has a channel; cheap, asked for every invitation. */
    boolean exists(TenantId tenant);

    /** The channel's sender address, read without the password. */
    Optional<String> senderAddress(TenantId tenant);
}
