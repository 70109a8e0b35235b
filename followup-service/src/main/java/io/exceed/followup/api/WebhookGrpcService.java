package io.exceed.followup.api;

import static io.exceed.defaults.api.UnaryCalls.optional;
import static io.exceed.defaults.api.UnaryCalls.reply;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Service;

import io.exceed.defaults.api.PageRequest;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.api.RequestIds;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.exceed.followup.domain.event.FollowUpEventType;
import io.exceed.followup.domain.webhook.CreateWebhookEndpoint;
import io.exceed.followup.domain.webhook.DeliveryFilter;
import io.exceed.followup.domain.webhook.UpdateWebhookEndpoint;
import io.exceed.followup.domain.webhook.WebhookDelivery;
import io.exceed.followup.domain.webhook.WebhookEndpoint;
import io.exceed.followup.domain.webhook.WebhookEndpoints;
import io.exceed.followup.v1.CreateWebhookEndpointRequest;
import io.exceed.followup.v1.DeleteWebhookEndpointRequest;
import io.exceed.followup.v1.DeleteWebhookEndpointResponse;
import io.exceed.followup.v1.DisableWebhookEndpointRequest;
import io.exceed.followup.v1.EnableWebhookEndpointRequest;
import io.exceed.followup.v1.GetWebhookDeliveryRequest;
import io.exceed.followup.v1.GetWebhookEndpointRequest;
import io.exceed.followup.v1.ListWebhookDeliveriesRequest;
import io.exceed.followup.v1.ListWebhookDeliveriesResponse;
import io.exceed.followup.v1.ListWebhookEndpointsRequest;
import io.exceed.followup.v1.ListWebhookEndpointsResponse;
import io.exceed.followup.v1.ReplayWebhookDeliveryRequest;
import io.exceed.followup.v1.RotateWebhookSecretRequest;
import io.exceed.followup.v1.UpdateWebhookEndpointRequest;
import io.exceed.followup.v1.WebhookDeliveryState;
import io.exceed.followup.v1.WebhookEndpointWithSecret;
import io.exceed.followup.v1.WebhookServiceGrpc;
import io.grpc.stub.StreamObserver;

/** The WebhookService contract over gRPC: maps messages to the domain and back, nothing more. */
@Service
public class WebhookGrpcService extends WebhookServiceGrpc.WebhookServiceImplBase {


    private final WebhookEndpoints webhooks;

    public WebhookGrpcService(WebhookEndpoints webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public void createWebhookEndpoint(CreateWebhookEndpointRequest request,
            StreamObserver<WebhookEndpointWithSecret> response) {
        Violations violations = new Violations();
        violations.require(request.hasEndpoint(), "endpoint", "is required");
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        Set<FollowUpEventType> types = WebhookMapper.eventTypes(request.getEndpoint().getEventTypesList(),
                "endpoint.event_types", violations);
        CreateWebhookEndpoint command = new CreateWebhookEndpoint(request.getEndpoint().getUrl(),
                request.getEndpoint().getDescription(), types, requestId);
        reply(response, WebhookMapper.toProto(webhooks.create(CurrentTenant.get(), command, "endpoint.",
                violations)));
    }

    @Override
    public void getWebhookEndpoint(GetWebhookEndpointRequest request,
            StreamObserver<io.exceed.followup.v1.WebhookEndpoint> response) {
        reply(response, WebhookMapper.toProto(webhooks.get(CurrentTenant.get(), request.getEndpointId())));
    }

    @Override
    public void listWebhookEndpoints(ListWebhookEndpointsRequest request,
            StreamObserver<ListWebhookEndpointsResponse> response) {
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                TimeOrderedIds::isId);
        Page<WebhookEndpoint> page = webhooks.list(CurrentTenant.get(), paging.after(), paging.size());
        reply(response, ListWebhookEndpointsResponse.newBuilder()
                .addAllEndpoints(page.items().stream().map(WebhookMapper::toProto).toList())
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
    }

    @Override
    public void updateWebhookEndpoint(UpdateWebhookEndpointRequest request,
            StreamObserver<io.exceed.followup.v1.WebhookEndpoint> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        Set<FollowUpEventType> types = WebhookMapper.eventTypes(request.getEventTypesList(), "event_types",
                violations);
        UpdateWebhookEndpoint command = new UpdateWebhookEndpoint(request.getEndpointId(), request.getUrl(),
                request.getDescription(), types, optional(request.hasExpectedRevision(),
                request.getExpectedRevision()), requestId);
        reply(response, WebhookMapper.toProto(webhooks.update(CurrentTenant.get(), command, violations)));
    }

    @Override
    public void deleteWebhookEndpoint(DeleteWebhookEndpointRequest request,
            StreamObserver<DeleteWebhookEndpointResponse> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        violations.throwIfAny();
        webhooks.delete(CurrentTenant.get(), request.getEndpointId(), requestId);
        reply(response, DeleteWebhookEndpointResponse.getDefaultInstance());
    }

    @Override
    public void rotateWebhookSecret(RotateWebhookSecretRequest request,
            StreamObserver<WebhookEndpointWithSecret> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        Duration overlap = request.hasOverlap() ? ProtoTimes.duration(request.getOverlap()) : null;
        reply(response, WebhookMapper.toProto(webhooks.rotate(CurrentTenant.get(), request.getEndpointId(), overlap,
                requestId, violations)));
    }

    @Override
    public void disableWebhookEndpoint(DisableWebhookEndpointRequest request,
            StreamObserver<io.exceed.followup.v1.WebhookEndpoint> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        reply(response, WebhookMapper.toProto(webhooks.disable(CurrentTenant.get(), request.getEndpointId(),
                request.getReason(), requestId, violations)));
    }

    @Override
    public void enableWebhookEndpoint(EnableWebhookEndpointRequest request,
            StreamObserver<io.exceed.followup.v1.WebhookEndpoint> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        violations.throwIfAny();
        reply(response, WebhookMapper.toProto(webhooks.enable(CurrentTenant.get(), request.getEndpointId(),
                requestId)));
    }

    @Override
    public void listWebhookDeliveries(ListWebhookDeliveriesRequest request,
            StreamObserver<ListWebhookDeliveriesResponse> response) {
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                TimeOrderedIds::isId);
        Violations violations = new Violations();
        violations.require(request.getState() != WebhookDeliveryState.UNRECOGNIZED, "state", "is not a known state");
        violations.throwIfAny();
        DeliveryFilter filter = new DeliveryFilter(request.getEndpointId(),
                request.getState() == WebhookDeliveryState.WEBHOOK_DELIVERY_STATE_UNSPECIFIED ? null
                        : WebhookMapper.DELIVERY_STATES.toDomain(request.getState()));
        Page<WebhookDelivery> page = webhooks.deliveries(CurrentTenant.get(), filter, paging.after(), paging.size());
        reply(response, ListWebhookDeliveriesResponse.newBuilder()
                .addAllDeliveries(page.items().stream().map(WebhookMapper::toProto).toList())
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
    }

    @Override
    public void getWebhookDelivery(GetWebhookDeliveryRequest request,
            StreamObserver<io.exceed.followup.v1.WebhookDelivery> response) {
        reply(response, WebhookMapper.toProto(webhooks.delivery(CurrentTenant.get(), request.getDeliveryId())));
    }

    @Override
    public void replayWebhookDelivery(ReplayWebhookDeliveryRequest request,
            StreamObserver<io.exceed.followup.v1.WebhookDelivery> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        violations.throwIfAny();
        reply(response, WebhookMapper.toProto(webhooks.replay(CurrentTenant.get(), request.getDeliveryId(),
                requestId)));
    }
}
