package io.exceed.followup.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** Where webhook endpoints live; secrets are encrypted at rest by the implementation. */
public interface WebhookEndpointStore {

    /** Stores a new endpoint; if the request id was used before, returns what that request stored instead. */
    WebhookEndpoint insert(TenantId tenant, WebhookEndpoint endpoint, Optional<String> requestId);

    Optional<WebhookEndpoint> find(TenantId tenant, String id);

    /** The endpoint a create request with this request id stored, if one did. */
    Optional<WebhookEndpoint> createdBy(TenantId tenant, String requestId);

    /** How many endpoints the tenant has. */
    long count(TenantId tenant);

    Page<WebhookEndpoint> list(TenantId tenant, Optional<String> afterId, int limit);

    /** The tenant's enabled endpoints. */
    List<WebhookEndpoint> enabled(TenantId tenant);

    boolean hasApplied(TenantId tenant, String id, String requestId);

    /** Replaces the endpoint if it is still at {@code previousRevision}; false if someone changed it first. */
    boolean replace(TenantId tenant, WebhookEndpoint updated, long previousRevision, Optional<String> requestId);

    /** Removes the endpoint; false if there was none. */
    boolean delete(TenantId tenant, String id);

    /** Records that an attempt succeeded: the endpoint is no longer failing. */
    void markSucceeded(TenantId tenant, String id);

    /**
     * Records that an attempt failed at {@code now}. Once the endpoint has been failing for {@code failurePeriod}
     * it is disabled as failing; returns whether it is disabled now.
     */
    boolean markFailed(TenantId tenant, String id, Instant now, Duration failurePeriod);
}
