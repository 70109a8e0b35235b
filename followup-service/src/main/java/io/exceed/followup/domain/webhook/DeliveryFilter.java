package io.exceed.followup.domain.webhook;

/** Which deliveries a listing shows; null or empty fields do not filter. */
public record DeliveryFilter(String endpointId, DeliveryState state) {
}
