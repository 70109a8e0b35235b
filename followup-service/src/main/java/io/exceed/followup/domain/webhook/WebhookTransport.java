package io.exceed.followup.domain.webhook;

import java.util.Map;
import java.util.Optional;

/** Sends one signed attempt to an endpoint; retries are the dispatcher's. */
public interface WebhookTransport {

    /**
     * POSTs {@code body} to {@code url}; empty when the endpoint's circuit breaker is open and nothing was sent.
     */
    Optional<AttemptResult> send(String endpointId, String url, Map<String, String> headers, byte[] body);
}
