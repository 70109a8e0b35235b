package io.exceed.customer.client;

/**
 * A section of the 360 view that another service fills: its value, or why it could not be had.
 *
 * @param value             the section's data; null when unavailable
 * @param unavailableReason why the service did not answer; null when available
 */
public record ViewSection<T>(T value, String unavailableReason) {

    public static <T> ViewSection<T> available(T value) {
        return new ViewSection<>(value, null);
    }

    public static <T> ViewSection<T> unavailable(String reason) {
        return new ViewSection<>(null, reason);
    }

    public boolean isAvailable() {
        return unavailableReason == null;
    }
}
