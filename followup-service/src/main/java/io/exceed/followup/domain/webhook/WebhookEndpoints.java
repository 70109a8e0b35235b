package io.exceed.followup.domain.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;

import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.error.QuotaExceededException;
import io.exceed.defaults.error.VersionConflictException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** Registering endpoints, rotating their secrets, and the delivery log. */
public class WebhookEndpoints {

    public static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
    public static final Duration MAX_OVERLAP = Duration.ofDays(7);
    static final int MAX_TEXT = 256;
    private static final int MAX_ATTEMPTS = 5;

    private final WebhookEndpointStore endpoints;
    private final DeliveryStore deliveries;
    private final FreshDeliveries fresh;
    private final WebhookUrlPolicy urlPolicy;
    private final int maxPerTenant;
    private final Clock clock;

    /** @param maxPerTenant endpoints a tenant may have: each is read for every event, and sent to */
    public WebhookEndpoints(WebhookEndpointStore endpoints, DeliveryStore deliveries, FreshDeliveries fresh,
            WebhookUrlPolicy urlPolicy, int maxPerTenant, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.fresh = fresh;
        this.urlPolicy = urlPolicy;
        this.maxPerTenant = maxPerTenant;
        this.clock = clock;
    }

    /**
     * An endpoint with the secret issued for it; empty for a repeated request whose secret is no longer the
     * endpoint's current one (a secret is shown only to the request that issued it).
     */
    public record WithSecret(WebhookEndpoint endpoint, Optional<WebhookSecret> secret) {
    }

    public WithSecret create(TenantId tenant, CreateWebhookEndpoint command, String prefix, Violations violations) {
        String url = command.url();
        String description = command.description();
        Optional<String> requestId = command.requestId();
        checkEndpoint(url, description, prefix, violations);
        violations.throwIfAny();
        // Counted before the insert, so two creates at once may pass the limit by one; it bounds growth, not a
        // bill. A retry of a create that was stored is answered as before, at the limit too.
        WebhookEndpoint created = endpoints.count(tenant) < maxPerTenant
                ? endpoints.insert(tenant, WebhookEndpoint.create(url.strip(), description.strip(), command.types(),
                        WebhookSecret.generate(), clock.instant()), requestId)
                : requestId.flatMap(request -> endpoints.createdBy(tenant, request)).orElseThrow(() ->
                        new QuotaExceededException("WEBHOOK_ENDPOINT_LIMIT", "the tenant has " + maxPerTenant
                                + " webhook endpoints, as many as it may have; delete one first", maxPerTenant,
                                "exceed.followup.webhooks.max-endpoints-per-tenant"));
        // A retry of this request gets the secret it issued, as long as no rotation has replaced it since.
        SigningSecret current = created.currentSecret();
        return new WithSecret(created, current.createTime().equals(created.createTime())
                ? Optional.of(current.secret()) : Optional.empty());
    }

    public WebhookEndpoint get(TenantId tenant, String id) {
        return endpoints.find(tenant, id).orElseThrow(() -> new NotFoundException("webhook endpoint", id));
    }

    public Page<WebhookEndpoint> list(TenantId tenant, Optional<String> afterId, int limit) {
        return endpoints.list(tenant, afterId, limit);
    }

    public WebhookEndpoint update(TenantId tenant, UpdateWebhookEndpoint command, Violations violations) {
        checkEndpoint(command.url(), command.description(), "", violations);
        violations.throwIfAny();
        return change(tenant, command.id(), command.expectedRevision(), command.requestId(), (current, now) ->
                current.update(command.url().strip(), command.description().strip(), command.types(), now));
    }

    /** Removes the endpoint; with a request id, a retry after it is gone succeeds too. */
    public void delete(TenantId tenant, String id, Optional<String> requestId) {
        if (!endpoints.delete(tenant, id) && requestId.isEmpty()) {
            throw new NotFoundException("webhook endpoint", id);
        }
    }

    public WithSecret rotate(TenantId tenant, String id, Duration overlap, Optional<String> requestId,
            Violations violations) {
        Duration kept = overlap == null ? DEFAULT_OVERLAP : overlap;
        violations.require(!kept.isNegative() && kept.compareTo(MAX_OVERLAP) <= 0, "overlap",
                "must be 0 to " + MAX_OVERLAP.toDays() + " days");
        violations.throwIfAny();
        WebhookSecret issued = WebhookSecret.generate();
        WebhookEndpoint rotated = change(tenant, id, OptionalLong.empty(), requestId,
                (current, now) -> current.rotate(issued, kept, now));
        // A repeated request issued nothing: which secret the first one issued is not kept, so none is shown.
        return new WithSecret(rotated, Optional.of(rotated.currentSecret().secret()).filter(issued::equals));
    }

    public WebhookEndpoint disable(TenantId tenant, String id, String reason, Optional<String> requestId,
            Violations violations) {
        String why = reason == null || reason.isBlank() ? "disabled by a caller" : reason.strip();
        violations.require(why.length() <= MAX_TEXT, "reason", "must be at most " + MAX_TEXT + " characters");
        violations.throwIfAny();
        return change(tenant, id, OptionalLong.empty(), requestId, (current, now) -> current.disable(why, now));
    }

    /** Enables the endpoint and sends what was held for it while it was disabled for failing. */
    public WebhookEndpoint enable(TenantId tenant, String id, Optional<String> requestId) {
        WebhookEndpoint enabled = change(tenant, id, OptionalLong.empty(), requestId,
                (current, now) -> current.enable(now));
        if (deliveries.resumeHeld(tenant, id, clock.instant()) > 0) {
            fresh.requestSearch();
        }
        return enabled;
    }

    public WebhookDelivery delivery(TenantId tenant, String id) {
        return deliveries.find(tenant, id).orElseThrow(() -> new NotFoundException("webhook delivery", id));
    }

    public Page<WebhookDelivery> deliveries(TenantId tenant, DeliveryFilter filter, Optional<String> afterId,
            int limit) {
        return deliveries.list(tenant, filter, afterId, limit);
    }

    /** Sends a delivery again under the same webhook-id, with a fresh round of attempts. */
    public WebhookDelivery replay(TenantId tenant, String id, Optional<String> requestId) {
        WebhookDelivery delivery = delivery(tenant, id);
        WebhookEndpoint endpoint = endpoints.find(tenant, delivery.endpointId())
                .orElseThrow(() -> new FailedPreconditionException("ENDPOINT_DELETED",
                        "webhook endpoint '" + delivery.endpointId() + "' was deleted"));
        if (endpoint.state() != EndpointState.ENABLED) {
            throw new FailedPreconditionException("ENDPOINT_DISABLED",
                    "webhook endpoint '" + endpoint.id() + "' is disabled; enable it first");
        }
        WebhookDelivery replayed = deliveries.replay(tenant, id, clock.instant(), requestId)
                .orElseThrow(() -> new NotFoundException("webhook delivery", id));
        fresh.requestSearch();
        return replayed;
    }

    private void checkEndpoint(String url, String description, String prefix, Violations violations) {
        urlPolicy.check(url == null ? "" : url.strip(), prefix + "url", violations);
        violations.require(description == null || description.strip().length() <= MAX_TEXT, prefix + "description",
                "must be at most " + MAX_TEXT + " characters");
    }

    private WebhookEndpoint change(TenantId tenant, String id, OptionalLong expectedRevision,
            Optional<String> requestId, BiFunction<WebhookEndpoint, Instant, WebhookEndpoint> transition) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            WebhookEndpoint current = get(tenant, id);
            if (requestId.isPresent() && endpoints.hasApplied(tenant, id, requestId.get())) {
                return current;
            }
            if (expectedRevision.isPresent() && expectedRevision.getAsLong() != current.revision()) {
                throw new VersionConflictException(expectedRevision.getAsLong(), current.revision());
            }
            WebhookEndpoint updated = transition.apply(current, clock.instant());
            if (endpoints.replace(tenant, updated, current.revision(), requestId)) {
                return updated;
            }
        }
        WebhookEndpoint latest = get(tenant, id);
        throw new VersionConflictException(latest.revision() - 1, latest.revision());
    }
}
