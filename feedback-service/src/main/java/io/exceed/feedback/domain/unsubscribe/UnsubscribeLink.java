package io.exceed.feedback.domain.unsubscribe;

import java.time.Instant;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.response.Channel;

/**
 * What an unsubscribe link's token stands for: the customer who may stop messages on the channel. Stored under the
 * token's hash only, and never holding an address: the link names nobody to whoever reads the URL.
 *
 * @param messageId the outbound message the link was written into
 */
public record UnsubscribeLink(TenantId tenant, String customerId, Channel channel, String messageId,
        Instant createTime, Instant expireTime) {

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expireTime);
    }
}
