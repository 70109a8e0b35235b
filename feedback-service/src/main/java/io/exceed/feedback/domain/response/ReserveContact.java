package io.exceed.feedback.domain.response;

/**
 * Ask to contact the customer on this channel, for this purpose, on the actor's behalf; a repeated
 * request id is answered as the first time, and counted once.
 */
public record ReserveContact(String customerId, Channel channel, ContactPurpose purpose, String actor,
        String requestId) {
}
