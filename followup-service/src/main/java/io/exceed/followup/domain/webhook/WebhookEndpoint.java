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
        return builder()
                .id(TimeOrderedIds.next())
                .url(url)
                .description(description)
                .eventTypes(eventTypes)
                .state(EndpointState.ENABLED)
                .secrets(List.of(new SigningSecret(TimeOrderedIds.next(), secret, now, null)))
                .createTime(now)
                .updateTime(now)
                .build();
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
        return next(now).url(newUrl).description(newDescription).eventTypes(newTypes).build();
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
        return next(now).secrets(kept).build();
    }

    public WebhookEndpoint disable(String reason, Instant now) {
        return next(now).state(EndpointState.DISABLED).disabledReason(reason).build();
    }

    /** Enabled again, with a clean failure record. */
    public WebhookEndpoint enable(Instant now) {
        return next(now).state(EndpointState.ENABLED).disabledReason(null).failingSince(null).build();
    }

    private Builder next(Instant now) {
        return toBuilder().revision(revision + 1).updateTime(now);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** An endpoint built field by field, by name: the record is too wide to build positionally. */
    public static final class Builder {
        private String id;
        private String url;
        private String description;
        private Set<FollowUpEventType> eventTypes = Set.of();
        private EndpointState state;
        private String disabledReason;
        private Instant failingSince;
        private List<SigningSecret> secrets = List.of();
        private long revision;
        private Instant createTime;
        private Instant updateTime;

        private Builder() {
        }

        private Builder(WebhookEndpoint from) {
            this.id = from.id;
            this.url = from.url;
            this.description = from.description;
            this.eventTypes = from.eventTypes;
            this.state = from.state;
            this.disabledReason = from.disabledReason;
            this.failingSince = from.failingSince;
            this.secrets = from.secrets;
            this.revision = from.revision;
            this.createTime = from.createTime;
            this.updateTime = from.updateTime;
        }

        public Builder id(String value) { id = value; return this; }
        public Builder url(String value) { url = value; return this; }
        public Builder description(String value) { description = value; return this; }
        public Builder eventTypes(Set<FollowUpEventType> value) { eventTypes = value; return this; }
        public Builder state(EndpointState value) { state = value; return this; }
        public Builder disabledReason(String value) { disabledReason = value; return this; }
        public Builder failingSince(Instant value) { failingSince = value; return this; }
        public Builder secrets(List<SigningSecret> value) { secrets = value; return this; }
        public Builder revision(long value) { revision = value; return this; }
        public Builder createTime(Instant value) { createTime = value; return this; }
        public Builder updateTime(Instant value) { updateTime = value; return this; }

        public WebhookEndpoint build() {
            return new WebhookEndpoint(id, url, description, eventTypes, state, disabledReason, failingSince, secrets,
                    revision, createTime, updateTime);
        }
    }
}
