package io.exceed.followup.domain.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.exceed.defaults.tenancy.TenantId;

/**
 * Sends due deliveries on any number of replicas. Each run claims a bounded batch with leases and sends them in
 * parallel (each attempt has its own time limit, so a batch ends well within the lease), then stores each outcome
 * and releases its lease in one conditional write. A replica that dies after sending but before storing leaves
 * the lease to expire: the delivery is sent again with the same webhook-id, which receivers de-duplicate.
 * <p>
 * The store work per delivery is that one write: a run reads each endpoint once for all its deliveries (read
 * again after an attempt changed the endpoint's health), and a success writes to the endpoint only when it was
 * failing. Neither touches the delivery's own record, so a crash loses or repeats nothing more than before.
 * <p>
 * A run claims, by id, the deliveries this replica has just stored ({@link FreshDeliveries}). It searches for the
 * other due deliveries (retries, those of a crashed replica) once every {@code searchInterval}, again at once while
 * a search fills a whole batch, and when asked to (a replay, an endpoint enabled again). On MongoDB a search is an
 * index range read; on the embedded store it reads every delivery ever stored, so searching on every run made
 * the search, not the sending, what bounded a burst.
 */
public class WebhookDispatcher {

    private final DeliveryStore deliveries;
    private final FreshDeliveries fresh;
    private final Duration searchInterval;
    private final WebhookEndpointStore endpoints;
    private final WebhookTransport transport;
    private final RetryPolicy retry;
    private final ExecutorService senders;
    private final Clock clock;
    private final String replica;
    private final Duration lease;
    private final int batchSize;
    private Instant lastSearch = Instant.MIN;
    private boolean searchBacklog;

    public WebhookDispatcher(DeliveryStore deliveries, FreshDeliveries fresh, Duration searchInterval,
            WebhookEndpointStore endpoints, WebhookTransport transport, RetryPolicy retry, ExecutorService senders,
            Clock clock, String replica, Duration lease, int batchSize) {
        this.deliveries = deliveries;
        this.fresh = fresh;
        this.searchInterval = searchInterval;
        this.endpoints = endpoints;
        this.transport = transport;
        this.retry = retry;
        this.senders = senders;
        this.clock = clock;
        this.replica = replica;
        this.lease = lease;
        this.batchSize = batchSize;
    }

    /** What one run did. */
    public record Run(int claimed, boolean full) {
    }

    /**
     * One run: claims a batch and sends it; the first failure to store an outcome is thrown after the rest. Not
     * safe to call from two threads at once (a replica has one dispatcher thread).
     */
    public Run runOnce() throws InterruptedException {
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(lease);
        List<ClaimedDelivery> claimed = new ArrayList<>();
        boolean searchedFullBatch = false;
        // A clock stepped back also searches: otherwise the step would postpone the search by its size.
        if (fresh.takeSearchRequest() || searchBacklog || now.isBefore(lastSearch)
                || !now.isBefore(lastSearch.plus(searchInterval))) {
            lastSearch = now;
            claimed.addAll(deliveries.claimDue(now, replica, leaseUntil, batchSize));
            searchedFullBatch = claimed.size() == batchSize;
        }
        searchBacklog = searchedFullBatch;
        claimed.addAll(deliveries.claimNamed(fresh.take(batchSize - claimed.size()), now, replica, leaseUntil));
        Map<EndpointKey, Optional<WebhookEndpoint>> endpointsRead = new ConcurrentHashMap<>();
        List<Callable<Boolean>> sends = claimed.stream()
                .<Callable<Boolean>>map(claim -> () -> deliver(claim, endpointsRead)).toList();
        RuntimeException failure = null;
        for (Future<Boolean> sent : senders.invokeAll(sends)) {
            try {
                sent.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new Run(claimed.size(), searchedFullBatch || !fresh.isEmpty());
    }

    /** An endpoint of a tenant, as one run reads it once for all its deliveries. */
    private record EndpointKey(TenantId tenant, String endpointId) {
    }

    private boolean deliver(ClaimedDelivery claim, Map<EndpointKey, Optional<WebhookEndpoint>> endpointsRead) {
        WebhookDelivery delivery = claim.delivery();
        Instant now = clock.instant();
        EndpointKey key = new EndpointKey(claim.tenant(), delivery.endpointId());
        Optional<WebhookEndpoint> found = endpointsRead.computeIfAbsent(key,
                read -> endpoints.find(read.tenant(), read.endpointId()));
        if (found.isEmpty()) {
            return deliveries.finish(claim, next(delivery, DeliveryState.FAILED, null, null, now));
        }
        WebhookEndpoint endpoint = found.get();
        if (endpoint.state() != EndpointState.ENABLED) {
            return deliveries.finish(claim, next(delivery, DeliveryState.HELD, null, null, now));
        }
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = WebhookSignature.headers(delivery.eventId(), now, body,
                endpoint.signingSecrets(now));
        Optional<AttemptResult> sent = transport.send(endpoint.id(), endpoint.url(), headers, body);
        if (sent.isEmpty()) {
            return deliveries.finish(claim, next(delivery, DeliveryState.PENDING,
                    now.plus(retry.circuitOpenDelay()), null, now));
        }
        AttemptResult result = sent.get();
        DeliveryAttempt attempt = DeliveryAttempt.of(now, result);
        if (result.outcome() == AttemptResult.Outcome.DELIVERED) {
            if (endpoint.failingSince() != null) {
                endpoints.markSucceeded(claim.tenant(), endpoint.id());
                endpointsRead.remove(key);
            }
            return deliveries.finish(claim, next(delivery, DeliveryState.DELIVERED, null, attempt, now));
        }
        boolean disabled = endpoints.markFailed(claim.tenant(), endpoint.id(), now, retry.failurePeriod());
        endpointsRead.remove(key);
        int attempts = delivery.attemptCount() + 1;
        if (!result.retryable() || attempts >= retry.maxAttempts()) {
            return deliveries.finish(claim, next(delivery, DeliveryState.FAILED, null, attempt, now));
        }
        return deliveries.finish(claim, disabled
                ? next(delivery, DeliveryState.HELD, null, attempt, now)
                : next(delivery, DeliveryState.PENDING, now.plus(retry.waitAfter(attempts, result)), attempt, now));
    }

    /** The delivery in {@code state}, with {@code attempt} (if one was made) added to its log. */
    private static WebhookDelivery next(WebhookDelivery delivery, DeliveryState state, Instant nextAttemptTime,
            DeliveryAttempt attempt, Instant now) {
        List<DeliveryAttempt> attempts = new ArrayList<>(delivery.attempts());
        if (attempt != null) {
            attempts.add(attempt);
        }
        List<DeliveryAttempt> kept = attempts.subList(Math.max(0, attempts.size() - WebhookDelivery.KEPT_ATTEMPTS),
                attempts.size());
        return new WebhookDelivery(delivery.id(), delivery.endpointId(), delivery.eventId(), delivery.eventType(),
                delivery.body(), state, nextAttemptTime, kept,
                delivery.attemptCount() + (attempt == null ? 0 : 1), delivery.createTime(), now);
    }
}
