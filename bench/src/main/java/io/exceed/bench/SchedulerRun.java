package io.exceed.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;

import io.exceed.defaults.storage.EmbeddedMongoServer;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.CreateWebhookEndpointRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpEventType;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.FollowUpServiceGrpc.FollowUpServiceBlockingStub;
import io.exceed.followup.v1.WebhookEndpoint;
import io.exceed.followup.v1.WebhookEndpointWithSecret;
import io.exceed.followup.v1.WebhookServiceGrpc;
import io.grpc.ManagedChannel;

/**
 * Scenario 5: N follow-ups due within one window, dispatched by the followup-service replicas as signed DUE
 * webhooks to the harness's receiver. The replicas share one harness-hosted embedded store (a service's own
 * embedded store cannot be reached from a second process); the one-replica run uses the same set-up.
 */
final class SchedulerRun {

    static final String STORE = "two replicas share a harness-hosted embedded store; one replica uses the same";

    /** What one scheduler run saw. */
    record Result(int replicas, int followUps, double createdPerSecond, double offeredPerSecond, long creationErrors,
            String firstError, long createdAfterDue, long received, double dispatchesPerSecond, double peakPerSecond,
            double lagP50Ms, double lagP99Ms, double lagMaxMs, long duplicates, long losses, long unexpected,
            long badSignatures) {

        boolean clean() {
            return creationErrors == 0 && duplicates == 0 && losses == 0 && unexpected == 0 && badSignatures == 0;
        }
    }

    private SchedulerRun() {
    }

    /**
     * @param createRate follow-ups per second the harness expects to create (scenario 2's figure), to place the
     *                   due window after creation ends
     */
    static Result run(Path root, Path runDir, Path logDir, int replicas, double createRate, String secretKey,
            Options options, List<ServiceProcess> started) throws Exception {
        return withReplicas(root, runDir, logDir, "scheduler-" + replicas, replicas, secretKey, options, started,
                (store, channels, receiver) -> measure(channels, receiver, replicas, createRate, "scheduler",
                        options.followUps(), options.dueWindow(), options));
    }

    /** What runs once the replicas are up and the receiver's endpoint is registered. */
    @FunctionalInterface
    interface Session<T> {
        T run(EmbeddedMongoServer store, List<ManagedChannel> channels, WebhookReceiver receiver) throws Exception;
    }

    /**
     * {@code replicas} followup-service replicas on one fresh harness-hosted store, a receiver registered with them
     * for DUE webhooks, and {@code session} run against them; everything is stopped afterwards.
     */
    static <T> T withReplicas(Path root, Path runDir, Path logDir, String label, int replicas, String secretKey,
            Options options, List<ServiceProcess> started, Session<T> session) throws Exception {
        try (EmbeddedMongoServer store = new EmbeddedMongoServer(runDir.resolve(label), "followup-service");
                WebhookReceiver receiver = new WebhookReceiver()) {
            List<ServiceProcess> followUps = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                ServiceProcess replica = ServiceProcess.start(root, "followup-service",
                        "followup-service-" + label + "-" + (char) ('a' + r), "GRPC_PORT",
                        runDir.resolve(label + "-" + r), logDir, options.jfr(), Map.of(
                                "MONGODB_URI", store.connectionString() + "/followup-service",
                                "EXCEED_STORAGE_EXACT_KEY_INDEXES", "true",
                                "EXCEED_WEBHOOK_SECRET_KEY", secretKey,
                                "EXCEED_FOLLOWUP_WEBHOOKS_ALLOW_HTTP", "true",
                                "EXCEED_FOLLOWUP_WEBHOOKS_ALLOWED_HOSTS", "127.0.0.1",
                                // the scheduler alone is measured: no customer-service runs beside it
                                "EXCEED_CONTACT_GOVERNOR_ENABLED", "false",
                                "EXCEED_CUSTOMER_DIRECTORY_ENABLED", "false"));
                followUps.add(replica);
                started.add(replica);
            }
            for (ServiceProcess replica : followUps) {
                replica.awaitHealthy();
            }
            List<ManagedChannel> channels = followUps.stream().map(Tenants::channel).toList();
            try {
                WebhookEndpointWithSecret endpoint = Tenants.asTenant(WebhookServiceGrpc.newBlockingStub(
                        channels.getFirst())).createWebhookEndpoint(CreateWebhookEndpointRequest.newBuilder()
                        .setEndpoint(WebhookEndpoint.newBuilder().setUrl(receiver.url())
                                .setDescription("benchmark receiver")
                                .addEventTypes(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DUE))
                        .build());
                receiver.secret(endpoint.getSecret());
                return session.run(store, channels, receiver);
            } finally {
                channels.forEach(ManagedChannel::shutdownNow);
                for (ServiceProcess replica : followUps) {
                    replica.close();
                    started.remove(replica);
                }
            }
        }
    }

    /**
     * Creates {@code n} follow-ups due within {@code window} (starting once they are all expected to be created)
     * and waits for their DUE webhooks; {@code source} names them (their source references), apart from an earlier
     * burst's on the same replicas, whose webhooks this one does not count.
     */
    static Result measure(List<ManagedChannel> channels, WebhookReceiver receiver, int replicas,
            double createRate, String source, int n, Duration window, Options options) throws InterruptedException {
        Set<String> earlier = Set.copyOf(receiver.receipts().keySet());
        long windowNanos = window.toNanos();
        Duration lead = Duration.ofMillis((long) (n / Math.max(createRate, 50) * 1500) + 3000);
        Instant windowStart = Instant.now().plus(lead);
        List<FollowUpServiceBlockingStub> stubs = channels.stream()
                .map(channel -> Tenants.asTenant(FollowUpServiceGrpc.newBlockingStub(channel))).toList();
        Map<String, Instant> dueById = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        AtomicLong createdAfterDue = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> creators = new ArrayList<>();
        long creationStart = System.nanoTime();
        for (int c = 0; c < options.concurrency(); c++) {
            creators.add(Thread.ofPlatform().name("bench-create-" + c).start(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    Instant due = windowStart.plusNanos(windowNanos * i / n);
                    try {
                        FollowUp created = stubs.get(i % stubs.size()).withDeadlineAfter(10, TimeUnit.SECONDS)
                                .createFollowUp(CreateFollowUpRequest.newBuilder().setActor("bench")
                                        .setFollowUp(DirectGrpc.followUp("c-" + i % 1000, source + "/" + i, due,
                                                Duration.ofHours(1)))
                                        .build());
                        Instant stored = Instant.ofEpochSecond(created.getDueTime().getSeconds(),
                                created.getDueTime().getNanos());
                        dueById.put(created.getId() + ".due", stored);
                        if (Instant.now().isAfter(stored)) {
                            createdAfterDue.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                }
            }));
        }
        for (Thread creator : creators) {
            creator.join();
        }
        double createdPerSecond = n / ((System.nanoTime() - creationStart) / 1e9);

        // A slow scheduler is late, not lossy: give up only once nothing new has arrived for the loss timeout
        // after the last due time.
        Instant lastDue = windowStart.plusNanos(windowNanos);
        Map<String, WebhookReceiver.Receipt> receipts = receiver.receipts();
        int seen = -1;
        Instant progress = Instant.now();
        while (!dueById.keySet().stream().allMatch(receipts::containsKey)) {
            if (receipts.size() != seen) {
                seen = receipts.size();
                progress = Instant.now();
            }
            Instant stalledSince = progress.isAfter(lastDue) ? progress : lastDue;
            if (Instant.now().isAfter(stalledSince.plus(options.lossTimeout()))) {
                break;
            }
            Thread.sleep(500);
        }
        Thread.sleep(2000); // late duplicates still count

        Histogram lag = new Histogram(TimeUnit.HOURS.toMillis(1), 3);
        TreeMap<Long, Integer> perSecond = new TreeMap<>();
        long received = 0;
        long duplicates = 0;
        long unexpected = 0;
        Instant firstReceipt = null;
        Instant lastReceipt = null;
        for (Map.Entry<String, WebhookReceiver.Receipt> receipt : receipts.entrySet()) {
            Instant due = dueById.get(receipt.getKey());
            if (earlier.contains(receipt.getKey())) {
                continue;
            }
            if (due == null) {
                unexpected++;
                continue;
            }
            Instant at = receipt.getValue().first;
            received++;
            duplicates += receipt.getValue().count.get() - 1;
            lag.recordValue(Math.min(Math.max(0, Duration.between(due, at).toMillis()), lag.getHighestTrackableValue()));
            perSecond.merge(at.getEpochSecond(), 1, Integer::sum);
            firstReceipt = firstReceipt == null || at.isBefore(firstReceipt) ? at : firstReceipt;
            lastReceipt = lastReceipt == null || at.isAfter(lastReceipt) ? at : lastReceipt;
        }
        double span = firstReceipt == null ? 0 : Math.max(1e-3, Duration.between(firstReceipt, lastReceipt).toNanos() / 1e9);
        return new Result(replicas, n, createdPerSecond, n / (windowNanos / 1e9), errors.get(), firstError.get(),
                createdAfterDue.get(), received, span == 0 ? 0 : received / span,
                perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0),
                lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(50),
                lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(99), lag.getMaxValue(), duplicates,
                dueById.size() - received, unexpected, receiver.badSignatures());
    }
}
