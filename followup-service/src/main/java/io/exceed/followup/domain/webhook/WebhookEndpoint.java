package io.exceed.followup.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.followup.domain.event.FollowUpEventType;

/**
 * A tenant's receiver of follow-up events, with its signing secrets. Each change returns the next revision.
 *
 * @param eventTypes   the types sent; all when empty
 * @param failingSince since when every attempt has failed; null while attempts succeed
 */
public record WebhookEndpoint(
        String id,
        String url,
        String description,
        Set<FollowUpEventType> eventTypes,
        EndpointState state,
        String disabledReason,
        Instant failingSince,
        List<SigningSecret> secrets,
        long revision,
        Instant createTime,
        Instant updateTime) {

    public WebhookEndpoint {
        eventTypes = Set.copyOf(eventTypes);
        secrets = List.copyOf(secrets);
    }

    public static WebhookEndpoint create(String url, String description, Set<FollowUpEventType> eventTypes,
            WebhookSecret secret, Instant now) {
        return new WebhookEndpoint(TimeOrderedIds.next(), url, description, eventTypes, EndpointState.ENABLED, null,
                null, List.of(new SigningSecret(TimeOrderedIds.next(), secret, now, null)), 0, now, now);
    }

    public boolean sends(FollowUpEventType type) {
        return state == EndpointState.ENABLED && (eventTypes.isEmpty() || eventTypes.contains(type));
    }

    /** The secrets that sign at {@code now}: the current one, and a rotated-out one during its overlap. */
    public List<WebhookSecret> signingSecrets(Instant now) {
        return secrets.stream().filter(secret -> secret.signsAt(now)).map(SigningSecret::secret).toList();
    }

    /** The secret issued last. */
    public SigningSecret currentSecret() {
        return secrets.getLast();
    }

    public WebhookEndpoint update(String newUrl, String newDescription, Set<FollowUpEventType> newTypes,
            Instant now) {
        return new WebhookEndpoint(id, newUrl, newDescription, newTypes, state, disabledReason, failingSince, secrets,
                revision + 1, createTime, now);
    }

    /**
     * Adds {@code secret} as the current one; the previous current secret keeps signing for {@code overlap}.
     * Secrets rotated out earlier stop at once, so at most two ever sign.
     */
    public WebhookEndpoint rotate(WebhookSecret secret, Duration overlap, Instant now) {
        SigningSecret previous = currentSecret();
        List<SigningSecret> kept = new ArrayList<>();
        if (!overlap.isZero()) {
            kept.add(new SigningSecret(previous.id(), previous.secret(), previous.createTime(), now.plus(overlap)));
        }
        kept.add(new SigningSecret(TimeOrderedIds.next(), secret, now, null));
        return new WebhookEndpoint(id, url, description, eventTypes, state, disabledReason, failingSince, kept,
                revision + 1, createTime, now);
    }

    public WebhookEndpoint disable(String reason, Instant now) {
        return new WebhookEndpoint(id, url, description, eventTypes, EndpointState.DISABLED, reason, failingSince,
                secrets, revision + 1, createTime, now);
    }

    /** Enabled again, with a clean failure record. */
    public WebhookEndpoint enable(Instant now) {
        return new WebhookEndpoint(id, url, description, eventTypes, EndpointState.ENABLED, null, null, secrets,
                revision + 1, createTime, now);
    }
}
