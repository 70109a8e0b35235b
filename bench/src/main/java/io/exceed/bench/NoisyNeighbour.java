package io.exceed.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

/**
 * Scenario 8: tenant B reads at a fixed rate through the gateway (an open loop: each call starts on its schedule,
 * and its latency counts from then, so a stall is not hidden by calls not sent), alone and then while tenant A
 * floods the same gateway: 30 watches held open (past its share of streams) and reads at 12 times B's rate (10
 * times its own rate limit) from 32 connections. The flood is paced, not as fast as the harness can go: on one
 * machine, an attacker without a pace (or with a connection per read) takes the CPU the gateway needs, which
 * measures the machine, not the isolation. It runs on a platform of its own with the gateway's tenant limits as
 * shipped (scenarios 2-4 lift the rate limit). B's throughput and p99 under the flood, as ratios of B's alone, say how well one tenant is
 * kept from degrading another; A's outcomes say which limits refused it.
 */
final class NoisyNeighbour {

    static final String ALONE = "noisy neighbour: B alone";
    static final String FLOODED = "noisy neighbour: B while A floods";
    /** A sends this many times B's rate: 10 times its own rate limit in a full run. */
    private static final int FLOOD_RATE_FACTOR = 12;
    /** A's connections for its reads: enough for its rate, few enough that the harness is not what is measured. */
    private static final int FLOOD_CONNECTIONS = 32;
    private static final int FLOOD_WATCHES = 30;
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Gson GSON = new Gson();

    /**
     * @param floodOutcomes how A's calls ended: HTTP statuses of the reads, and of the watches as {@code watch <status>}
     */
    record Result(Measurement alone, Measurement flooded, double throughputRatio, double p99Ratio,
            Map<String, Long> floodOutcomes) {
    }

    /** Tenant B's client; tenant A floods with clients of its own, as two customers' systems would. */
    private final HttpClient http = client();
    private final String base;
    private final String operatorToken;

    NoisyNeighbour(ServiceProcess gateway, String operatorToken) {
        this.base = "http://127.0.0.1:" + gateway.port;
        this.operatorToken = operatorToken;
    }

    Result run(Options options) throws Exception {
        // Below B's own rate limit (50 a second after a burst of 100), which it must never meet.
        int rate = options.smoke() ? 20 : 40;
        String b = issue("bench-tenant-b");
        String a = issue("bench-tenant-a");
        String bCustomer = createCustomer(b, "Bea");
        String aCustomer = createCustomer(a, "Abe");
        Measurement alone = openLoop(ALONE, b, bCustomer, rate, options.measure());

        Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        AtomicBoolean flooding = new AtomicBoolean(true);
        HttpClient watcher = client();
        HttpClient flood = client();
        Thread flooder = Thread.ofPlatform().name("bench-flood").start(() -> flood(flood, a, aCustomer,
                FLOOD_RATE_FACTOR * rate, flooding, outcomes));
        Measurement flooded;
        try {
            for (int i = 0; i < FLOOD_WATCHES; i++) {
                watcher.sendAsync(get("/v1/feedbackEvents:watch", a).build(), HttpResponse.BodyHandlers.discarding())
                        .thenAccept(response -> count(outcomes, "watch " + response.statusCode()));
            }
            // The flood runs a warm-up's length before B is measured, so B meets it at full strength.
            Thread.sleep(options.warmUp().toMillis());
            flooded = openLoop(FLOODED, b, bCustomer, rate, options.measure());
        } finally {
            flooding.set(false);
            flooder.join();
            watcher.shutdownNow();
            flood.shutdownNow();
        }
        Map<String, Long> floodOutcomes = new TreeMap<>();
        outcomes.forEach((outcome, count) -> floodOutcomes.put(outcome, count.get()));
        return new Result(alone, flooded, ratio(flooded.throughput(), alone.throughput()),
                ratio(flooded.p99Ms(), alone.p99Ms()), floodOutcomes);
    }

    /**
     * A's reads at {@code rate} a second from {@link #FLOOD_CONNECTIONS} callers, each paced to its part of the rate
     * (a caller whose answer comes late sends its next at once), until told to stop.
     */
    private void flood(HttpClient client, String key, String customerId, int rate, AtomicBoolean flooding,
            Map<String, AtomicLong> outcomes) {
        long interval = TimeUnit.SECONDS.toNanos(1) * FLOOD_CONNECTIONS / rate;
        List<Thread> callers = new ArrayList<>();
        for (int caller = 0; caller < FLOOD_CONNECTIONS; caller++) {
            callers.add(Thread.ofPlatform().name("bench-flood-" + caller).start(() -> {
                long next = System.nanoTime();
                while (flooding.get()) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    next += interval;
                    try {
                        count(outcomes, Integer.toString(client.send(get("/v1/customers/" + customerId, key).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode()));
                    } catch (Exception e) {
                        count(outcomes, e.getClass().getSimpleName());
                    }
                }
            }));
        }
        for (Thread caller : callers) {
            try {
                caller.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static double ratio(double measured, double baseline) {
        return baseline <= 0 ? 0 : measured / baseline;
    }

    /** B's reads at {@code rate} a second for {@code period}, each on a virtual thread at its scheduled time. */
    private Measurement openLoop(String scenario, String key, String customerId, int rate, Duration period)
            throws InterruptedException {
        Histogram nanos = new Histogram(HIGHEST_NANOS, 3);
        AtomicLong refusals = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long calls = period.toSeconds() * rate;
        long start = System.nanoTime();
        List<Thread> sent = new ArrayList<>();
        for (long i = 0; i < calls; i++) {
            long scheduled = start + i * TimeUnit.SECONDS.toNanos(1) / rate;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            sent.add(Thread.ofVirtual().start(() -> {
                try {
                    int status = http.send(get("/v1/customers/" + customerId, key).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        synchronized (nanos) {
                            nanos.recordValue(Math.min(System.nanoTime() - scheduled, HIGHEST_NANOS));
                        }
                        return;
                    }
                    (Refused.isRefusal(status) ? refusals : errors).incrementAndGet();
                    firstError.compareAndSet(null, "HTTP " + status);
                } catch (Exception e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                }
            }));
        }
        for (Thread call : sent) {
            call.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return Measurement.of(scenario, nanos, seconds, refusals.get(), errors.get(), firstError.get());
    }

    private String issue(String tenant) throws Exception {
        HttpResponse<String> issued = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/v1/tenants/" + tenant
                        + "/apiKeys"))
                .header("authorization", "Bearer " + operatorToken).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GSON.toJson(Map.of("name", "noisy neighbour",
                        "scopes", List.of("admin"))))).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        return GSON.fromJson(issued.body(), JsonObject.class).get("key").getAsString();
    }

    private String createCustomer(String key, String name) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/customers"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GSON.toJson(Map.of("displayName", name))))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        return GSON.fromJson(created.body(), JsonObject.class).get("id").getAsString();
    }

    private HttpRequest.Builder get(String path, String key) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("authorization", "Bearer " + key)
                .timeout(TIMEOUT).GET();
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static void count(Map<String, AtomicLong> outcomes, String outcome) {
        outcomes.computeIfAbsent(outcome, ignored -> new AtomicLong()).incrementAndGet();
    }
}
