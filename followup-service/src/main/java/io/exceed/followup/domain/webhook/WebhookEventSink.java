package io.exceed.followup.domain.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventSink;

/**
 * Turns each event into one pending delivery per enabled endpoint that wants its type, and names each new one to
 * this replica's dispatcher. An event handed over again (after a scheduler crash) finds its deliveries already
 * stored and adds none.
 */
public class WebhookEventSink implements FollowUpEventSink {

    private final WebhookEndpointStore endpoints;
    private final DeliveryStore deliveries;
    private final FreshDeliveries fresh;
    private final Function<FollowUpEvent, String> body;
    private final Clock clock;

    /** @param body the event as receivers read it (the contract's JSON) */
    public WebhookEventSink(WebhookEndpointStore endpoints, DeliveryStore deliveries, FreshDeliveries fresh,
            Function<FollowUpEvent, String> body, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.fresh = fresh;
        this.body = body;
        this.clock = clock;
    }

    @Override
    public void accept(TenantId tenant, FollowUpEvent event) {
        List<WebhookEndpoint> receivers = endpoints.enabled(tenant).stream()
                .filter(endpoint -> endpoint.sends(event.type()))
                .toList();
        if (receivers.isEmpty()) {
            return;
        }
        String json = body.apply(event);
        Instant now = clock.instant();
        for (WebhookEndpoint endpoint : receivers) {
            String id = TimeOrderedIds.next();
            WebhookDelivery delivery = WebhookDelivery.builder().id(id).endpointId(endpoint.id()).eventId(event.id())
                    .eventType(event.type()).body(json).state(DeliveryState.PENDING).nextAttemptTime(now)
                    .createTime(now).updateTime(now).build();
            if (deliveries.enqueue(tenant, delivery)) {
                fresh.add(id);
            }
        }
    }
}
