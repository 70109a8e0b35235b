package io.exceed.followup.domain.webhook;

import java.time.Instant;

/**
 * One of an endpoint's signing secrets.
 *
 * @param expireTime when a rotated-out secret stops signing; null for the current one
 */
public record SigningSecret(String id, WebhookSecret secret, Instant createTime, Instant expireTime) {

    public boolean signsAt(Instant now) {
        return expireTime == null || expireTime.isAfter(now);
    }
}
