package io.exceed.followup.domain.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.exceed.defaults.tenancy.TenantId;

/**
 * Sends due deliveries on any number of replicas. Each run claims a bounded batch with leases and starts their
 * attempts, then returns without waiting for them: each attempt stores its outcome and releases its lease in one
 * conditional write when it ends (within its own time limit, so well within the lease). A replica that dies after
 * sending but before storing leaves the lease to expire: the delivery is sent again with the same webhook-id, which
 * receivers de-duplicate.
 * <p>
 * Runs claim only within {@link InFlightSends}' limits, per endpoint, per tenant and per replica, so a tenant whose
 * receivers are slow or failing fills its own share while other tenants' deliveries keep being claimed and sent;
 * and since a run does not wait for its attempts, the next run starts on time however long they take. While limits
 * keep due deliveries back, the next run starts as soon as an attempt ends ({@link #runAgain}).
 * <p>
 * The store work per delivery is that one write: a run reads each endpoint once for all its deliveries (read
 * again after an attempt changed the endpoint's health), and a success writes to the endpoint only when it was
 * failing. Neither touches the delivery's own record, so a crash loses or repeats nothing more than before.
 * <p>
 * A run claims, by id, the deliveries this replica has just stored ({@link FreshDeliveries}). It searches for the
 * other due deliveries (retries, those of a crashed replica, those a limit kept back) once every
 * {@code searchInterval}, again at once while a search fills a whole batch or a limit kept some back, when an
 * attempt ends after a limit kept fresh deliveries back, and when asked to (a replay, an endpoint enabled again).
 * On MongoDB a search is an index range read; on the embedded store it reads every delivery ever stored, so
 * searching on every run made the search, not the sending, what bounded a burst.
 */
public class WebhookDispatcher {

    private final DeliveryStore deliveries;
    private final FreshDeliveries fresh;
    private final Duration searchInterval;
    private final WebhookEndpointStore endpoints;
    private final WebhookTransport transport;
    private final RetryPolicy retry;
    private final ExecutorService senders;
    private final InFlightSends inFlight;
    private final Clock clock;
    private final String replica;
    private final Duration lease;
    private final int batchSize;
    private final AtomicBoolean searchWhenAnAttemptEnds = new AtomicBoolean();
    private Instant lastSearch = Instant.MIN;
    private boolean searchBacklog;

    public WebhookDispatcher(DeliveryStore deliveries, FreshDeliveries fresh, Duration searchInterval,
            WebhookEndpointStore endpoints, WebhookTransport transport, RetryPolicy retry, ExecutorService senders,
            InFlightSends inFlight, Clock clock, String replica, Duration lease, int batchSize) {
        this.deliveries = deliveries;
        this.fresh = fresh;
        this.searchInterval = searchInterval;
        this.endpoints = endpoints;
        this.transport = transport;
        this.retry = retry;
        this.senders = senders;
        this.inFlight = inFlight;
        this.clock = clock;
        this.replica = replica;
        this.lease = lease;
        this.batchSize = batchSize;
    }

    /**
     * What one run did: how many deliveries it claimed, whether another run should follow at once, the attempts it
     * started, which complete when all of them have stored their outcomes (exceptionally with the first failure to
     * store one), whether limits kept (or may have kept) due deliveries back, and how many attempts had finished
     * when it began.
     */
    public record Run(int claimed, boolean full, CompletableFuture<Void> sent, boolean keptBack,
            long finishedBefore) {
    }

    /** One run: claims a batch within the limits and starts its attempts. Not safe to call from two threads. */
    public Run runOnce() {
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(lease);
        long finishedBefore = inFlight.finishes();
        InFlightSends.Admission admission = inFlight.admission();
        int limit = Math.min(batchSize, admission.room());
        if (limit == 0) {
            return new Run(0, false, CompletableFuture.completedFuture(null), true, finishedBefore);
        }
        List<ClaimedDelivery> claimed = new ArrayList<>();
        boolean searchAgain = false;
        // The search leaves out endpoints and tenants at their limits: their due deliveries wait unseen.
        boolean atLimits = !admission.fullEndpoints().isEmpty() || !admission.fullTenants().isEmpty();
        // A clock stepped back also searches: otherwise the step would postpone the search by its size.
        if (fresh.takeSearchRequest() || searchBacklog || now.isBefore(lastSearch)
                || !now.isBefore(lastSearch.plus(searchInterval))) {
            lastSearch = now;
            claimed.addAll(deliveries.claimDue(now, replica, leaseUntil, limit, admission));
            searchAgain = claimed.size() == limit || admission.keptBack();
        }
        searchBacklog = searchAgain || atLimits;
        boolean keptBackBeforeNamed = admission.keptBack();
        claimed.addAll(deliveries.claimNamed(fresh.take(limit - claimed.size()), now, replica, leaseUntil,
                admission));
        if (admission.keptBack() && !keptBackBeforeNamed) {
            searchWhenAnAttemptEnds.set(true);
        }
        Map<EndpointKey, Optional<WebhookEndpoint>> endpointsRead = new ConcurrentHashMap<>();
        CompletableFuture<?>[] sends = claimed.stream().map(claim -> start(claim, endpointsRead))
                .toArray(CompletableFuture[]::new);
        return new Run(claimed.size(), (searchAgain || !fresh.isEmpty()) && admission.room() > 0,
                CompletableFuture.allOf(sends), admission.keptBack() || atLimits, finishedBefore);
    }

    /**
     * Whether another run should follow {@code run} at once: its batch was full, or limits kept due deliveries back
     * and an attempt under way has ended since it began (waiting up to {@code wait} for one). So a backlog for a
     * busy receiver goes out as fast as the receiver answers, its limit's worth under way all along, rather than a
     * limit's worth per poll.
     */
    public boolean runAgain(Run run, Duration wait) {
        if (run.full()) {
            return true;
        }
        try {
            return run.keptBack() && inFlight.awaitFinishAfter(run.finishedBefore(), wait);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private CompletableFuture<Void> start(ClaimedDelivery claim, Map<EndpointKey, Optional<WebhookEndpoint>> read) {
        TenantId tenant = claim.tenant();
        String endpointId = claim.delivery().endpointId();
        inFlight.started(tenant, endpointId);
        CompletableFuture<Void> sent;
        try {
            sent = CompletableFuture.runAsync(() -> deliver(claim, read), senders);
        } catch (RejectedExecutionException shuttingDown) {
            // The lease expires and the delivery is sent again, by this replica after a restart or by another.
            sent = CompletableFuture.failedFuture(shuttingDown);
        }
        return sent.whenComplete((done, failure) -> {
            inFlight.finished(tenant, endpointId);
            if (searchWhenAnAttemptEnds.getAndSet(false)) {
                fresh.requestSearch();
            }
        });
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
        return delivery.toBuilder()
                .state(state)
                .nextAttemptTime(nextAttemptTime)
                .attempts(kept)
                .attemptCount(delivery.attemptCount() + (attempt == null ? 0 : 1))
                .updateTime(now)
                .build();
    }
}
