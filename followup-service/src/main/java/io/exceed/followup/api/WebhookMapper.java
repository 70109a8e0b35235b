package io.exceed.followup.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.error.Violations;
import io.exceed.followup.domain.event.FollowUpEventType;
import io.exceed.followup.domain.webhook.AttemptResult;
import io.exceed.followup.domain.webhook.DeliveryState;
import io.exceed.followup.domain.webhook.EndpointState;
import io.exceed.followup.domain.webhook.SigningSecret;
import io.exceed.followup.domain.webhook.WebhookDelivery;
import io.exceed.followup.domain.webhook.WebhookEndpoint;
import io.exceed.followup.domain.webhook.WebhookEndpoints;
import io.exceed.followup.domain.webhook.WebhookSecret;
import io.exceed.followup.v1.WebhookAttempt;
import io.exceed.followup.v1.WebhookEndpointWithSecret;
import io.exceed.followup.v1.WebhookSecretInfo;

/** Webhook endpoints and deliveries between the contract and the domain. Secret values never leave here. */
final class WebhookMapper {

    static final ProtoEnums<io.exceed.followup.v1.WebhookDeliveryState, DeliveryState> DELIVERY_STATES =
            new ProtoEnums<>(DeliveryState.class, "WEBHOOK_DELIVERY_STATE_",
                    io.exceed.followup.v1.WebhookDeliveryState.getDescriptor(),
                    io.exceed.followup.v1.WebhookDeliveryState::valueOf);
    private static final ProtoEnums<io.exceed.followup.v1.WebhookEndpointState, EndpointState> ENDPOINT_STATES =
            new ProtoEnums<>(EndpointState.class, "WEBHOOK_ENDPOINT_STATE_",
                    io.exceed.followup.v1.WebhookEndpointState.getDescriptor(),
                    io.exceed.followup.v1.WebhookEndpointState::valueOf);
    private static final ProtoEnums<io.exceed.followup.v1.WebhookAttemptOutcome, AttemptResult.Outcome> OUTCOMES =
            new ProtoEnums<>(AttemptResult.Outcome.class, "WEBHOOK_ATTEMPT_OUTCOME_",
                    io.exceed.followup.v1.WebhookAttemptOutcome.getDescriptor(),
                    io.exceed.followup.v1.WebhookAttemptOutcome::valueOf);

    private WebhookMapper() {
    }

    static Set<FollowUpEventType> eventTypes(List<io.exceed.followup.v1.FollowUpEventType> requested, String field,
            Violations violations) {
        Set<FollowUpEventType> types = EnumSet.noneOf(FollowUpEventType.class);
        for (int i = 0; i < requested.size(); i++) {
            FollowUpEventType type = FollowUpEventMapper.TYPES.toDomain(requested.get(i));
            violations.require(type != null, field + "[" + i + "]", "is not a follow-up event type");
            if (type != null) {
                types.add(type);
            }
        }
        return types;
    }

    static WebhookEndpointWithSecret toProto(WebhookEndpoints.WithSecret created) {
        return WebhookEndpointWithSecret.newBuilder()
                .setEndpoint(toProto(created.endpoint()))
                .setSecret(created.secret().map(WebhookSecret::encoded).orElse(""))
                .build();
    }

    static io.exceed.followup.v1.WebhookEndpoint toProto(WebhookEndpoint endpoint) {
        io.exceed.followup.v1.WebhookEndpoint.Builder proto = io.exceed.followup.v1.WebhookEndpoint.newBuilder()
                .setId(endpoint.id())
                .setUrl(endpoint.url())
                .setDescription(endpoint.description())
                .addAllEventTypes(endpoint.eventTypes().stream().sorted().map(FollowUpEventMapper.TYPES::toProto)
                        .toList())
                .setState(ENDPOINT_STATES.toProto(endpoint.state()))
                .setRevision(endpoint.revision())
                .setCreateTime(ProtoTimes.timestamp(endpoint.createTime()))
                .setUpdateTime(ProtoTimes.timestamp(endpoint.updateTime()));
        if (endpoint.disabledReason() != null) {
            proto.setDisabledReason(endpoint.disabledReason());
        }
        if (endpoint.failingSince() != null) {
            proto.setFailingSince(ProtoTimes.timestamp(endpoint.failingSince()));
        }
        for (SigningSecret secret : endpoint.secrets()) {
            WebhookSecretInfo.Builder info = WebhookSecretInfo.newBuilder().setId(secret.id())
                    .setCreateTime(ProtoTimes.timestamp(secret.createTime()));
            if (secret.expireTime() != null) {
                info.setExpireTime(ProtoTimes.timestamp(secret.expireTime()));
            }
            proto.addSecrets(info);
        }
        return proto.build();
    }

    static io.exceed.followup.v1.WebhookDelivery toProto(WebhookDelivery delivery) {
        io.exceed.followup.v1.WebhookDelivery.Builder proto = io.exceed.followup.v1.WebhookDelivery.newBuilder()
                .setId(delivery.id())
                .setEndpointId(delivery.endpointId())
                .setEventId(delivery.eventId())
                .setEventType(FollowUpEventMapper.TYPES.toProto(delivery.eventType()))
                .setState(DELIVERY_STATES.toProto(delivery.state()))
                .setAttemptCount(delivery.attemptCount())
                .setCreateTime(ProtoTimes.timestamp(delivery.createTime()))
                .setUpdateTime(ProtoTimes.timestamp(delivery.updateTime()));
        if (delivery.nextAttemptTime() != null) {
            proto.setNextAttemptTime(ProtoTimes.timestamp(delivery.nextAttemptTime()));
        }
        delivery.attempts().forEach(attempt -> proto.addAttempts(WebhookAttempt.newBuilder()
                .setAttemptTime(ProtoTimes.timestamp(attempt.time()))
                .setOutcome(OUTCOMES.toProto(attempt.outcome()))
                .setHttpStatus(attempt.httpStatus())
                .setLatencyMs(attempt.latency().toMillis())
                .setError(attempt.error() == null ? "" : attempt.error())));
        return proto.build();
    }
}
