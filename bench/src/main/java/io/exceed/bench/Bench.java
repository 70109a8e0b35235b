package io.exceed.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import io.exceed.defaults.storage.Durability;
import io.exceed.launcher.JarApplication;
import io.grpc.ManagedChannel;

/**
 * The benchmark harness (bin/bench): starts the application jars on fresh embedded storage and measures, in one
 * run, the store floor, the services' gRPC methods directly and through the gateway, the follow-up scheduler with
 * one and two replicas, analytics over many responses and each application's footprint; prints a table, the
 * ratios and the targets, and writes bench/target/bench-results.json. Exits non-zero if any scenario had errors,
 * duplicates or losses. A benchmark, not a test: nothing here asserts on timings.
 */
public final class Bench {

    /** Suffix of scenario 9's figures of the gateway's CPU time per call, in ms. */
    static final String GATEWAY_CPU = " gateway CPU ms per call";
    /** The gateway's REST scenarios, each with the direct one it is compared with. */
    static final List<Compared> REST_PAIRS = List.of(
            new Compared(DirectGrpc.SUBMIT_RESPONSE, GatewayRest.SUBMIT_RESPONSE),
            new Compared(DirectGrpc.GET_CUSTOMER, GatewayRest.GET_CUSTOMER),
            new Compared(DirectGrpc.CREATE_FOLLOW_UP, GatewayRest.CREATE_FOLLOW_UP));
    /** The gateway's gRPC passthrough scenarios, each with the direct one it is compared with. */
    static final List<Compared> PASSTHROUGH_PAIRS = List.of(
            new Compared(DirectGrpc.SUBMIT_RESPONSE, DirectGrpc.PASSTHROUGH_SUBMIT_RESPONSE),
            new Compared(DirectGrpc.GET_CUSTOMER, DirectGrpc.PASSTHROUGH_GET_CUSTOMER),
            new Compared(DirectGrpc.CREATE_FOLLOW_UP, DirectGrpc.PASSTHROUGH_CREATE_FOLLOW_UP));

    /** Two scenarios of the same operation: the direct one and one through the gateway. */
    record Compared(String direct, String gateway) {
    }

    private static final String UNLIMITED = "1000000000";
    private static final Path ROOT = Path.of("");
    private static final Path TARGET = Path.of("bench", "target");
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();

    /** Everything one run measured, as written to the JSON file. */
    record Results(String run, boolean smoke, int processors, int concurrency, long warmUpS, long measureS,
            List<Measurement> scenarios, Map<String, Double> ratios,
            String schedulerStore, List<SchedulerRun.Result> scheduler, Analytics.Result analytics,
            List<Footprint> footprint, NoisyNeighbour.Result noisyNeighbour, Growth.Result growth,
            List<Targets.Target> targets) {
    }

    private Bench() {
    }

    public static void main(String[] args) {
        int exit;
        List<ServiceProcess> started = new CopyOnWriteArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(ServiceProcess::close)));
        try {
            exit = run(Options.parse(args), started);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            exit = 2;
        } catch (Exception e) {
            System.err.println("FAILED: the run stopped with " + e);
            e.printStackTrace();
            exit = 1;
        } finally {
            started.forEach(ServiceProcess::close);
            started.clear();
        }
        System.exit(exit);
    }

    private static int run(Options options, List<ServiceProcess> started) throws Exception {
        String run = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path runDir = TARGET.resolve("bench-data").resolve(run);
        Path logDir = TARGET.resolve("bench-logs").resolve(run);
        System.out.printf("Exceed benchmark%s: concurrency %d, warm-up %ds, measure %ds; data %s, logs %s%n",
                options.smoke() ? " (smoke)" : "", options.concurrency(), options.warmUp().toSeconds(),
                options.measure().toSeconds(), runDir, logDir);
        List<Measurement> measurements = new ArrayList<>();
        if (options.runs(Options.STORE_FLOOR)) {
            System.out.println("1. store floor ...");
            measurements.addAll(StoreFloor.run(runDir.resolve("floor"), options));
        }

        String secretKey = secretKey();
        List<Footprint> footprint = new ArrayList<>();
        Map<String, Double> gatewayCpu = new LinkedHashMap<>();
        if (options.runs(Options.DIRECT_GRPC) || options.runs(Options.GATEWAY_REST)
                || options.runs(Options.GATEWAY_GRPC) || options.runs(Options.FOOTPRINT)
                || options.runs(Options.OPEN_LOOP)) {
            measurements.addAll(platformScenarios(runDir, logDir, options, secretKey, footprint, gatewayCpu, started));
        }
        NoisyNeighbour.Result noisyNeighbour = null;
        if (options.runs(Options.NOISY_NEIGHBOUR)) {
            System.out.println("8. noisy neighbour: tenant B at a fixed rate, alone and while tenant A floods ...");
            noisyNeighbour = noisyNeighbour(runDir.resolve("noisy"), logDir.resolve("noisy"), options, secretKey,
                    started);
            measurements.add(noisyNeighbour.alone());
            measurements.add(noisyNeighbour.flooded());
        }

        // Scenario 5 places its due window after creation ends, at scenario 2's creation rate when it ran.
        double createRate = find(measurements, DirectGrpc.CREATE_FOLLOW_UP).map(Measurement::throughput).orElse(0.0);
        List<SchedulerRun.Result> scheduler = new ArrayList<>();
        for (int replicas = 1; replicas <= 2 && options.runs(Options.SCHEDULER); replicas++) {
            System.out.printf("5. scheduler: %d follow-ups due within %ds, %d replica(s) ...%n", options.followUps(),
                    options.dueWindow().toSeconds(), replicas);
            scheduler.add(SchedulerRun.run(ROOT, runDir, logDir, replicas, createRate, secretKey, options, started));
        }

        Analytics.Result analytics = null;
        if (options.runs(Options.ANALYTICS)) {
            System.out.printf("6. analytics over %d responses ...%n", options.analyticsResponses());
            analytics = Analytics.run(ROOT, runDir, logDir, options, started);
            footprint.add(analytics.footprint());
        }

        Growth.Result growth = null;
        if (options.runs(Options.GROWTH)) {
            System.out.printf("10. growth: each hot operation with %d and %d documents stored ...%n",
                    options.growthN(), 10 * options.growthN());
            growth = Growth.run(ROOT, runDir, logDir, secretKey, options, started);
            measurements.addAll(growth.measurements());
        }

        Map<String, Double> ratios = ratios(measurements, scheduler);
        ratios.putAll(gatewayCpu);
        for (Growth.Grown grown : growth == null ? List.<Growth.Grown>of() : growth.operations()) {
            ratios.put(grown.operation() + " growth 10N/N p50", grown.p50Ratio());
            ratios.put(grown.operation() + " growth 10N/N p99", grown.p99Ratio());
        }
        List<Targets.Target> targets = Targets.judge(measurements, gatewayCpu, scheduler, analytics, footprint,
                growth);
        print(measurements, ratios, scheduler, analytics, footprint, noisyNeighbour, growth, targets);
        Results results = new Results(run, options.smoke(), Runtime.getRuntime().availableProcessors(),
                options.concurrency(), options.warmUp().toSeconds(), options.measure().toSeconds(), measurements,
                ratios, SchedulerRun.STORE, scheduler, analytics, footprint, noisyNeighbour, growth, targets);
        Path json = TARGET.resolve("bench-results.json");
        Files.writeString(json, GSON.toJson(results) + "\n");
        System.out.println("Results: " + json);

        // A refusal means the load met a limit: none of these scenarios should (scenario 8's tenant B included).
        long errors = measurements.stream().mapToLong(m -> m.errors() + m.refusals()).sum()
                + (analytics == null ? 0 : analytics.errors());
        boolean clean = errors == 0 && scheduler.stream().allMatch(SchedulerRun.Result::clean);
        if (!clean) {
            System.out.println("FAILED: errors, refusals, duplicates, losses or bad signatures above (first errors in"
                    + " the JSON)");
        }
        return clean ? 0 : 1;
    }

    /**
     * Scenarios 2, 3, 4, 9 and 7 (those selected), on one platform started for them; scenario 9 puts the gateway's
     * CPU time per call on each gateway path and rate into {@code gatewayCpu}.
     */
    private static List<Measurement> platformScenarios(Path runDir, Path logDir, Options options, String secretKey,
            List<Footprint> footprint, Map<String, Double> gatewayCpu, List<ServiceProcess> started) throws Exception {
        List<Measurement> measurements = new ArrayList<>();
        String operatorToken = HexFormat.of().formatHex(randomBytes(24));
        System.out.println("   starting customer-service, feedback-service, followup-service, gateway ...");
        int gatewayGrpcPort = JarApplication.freePort();
        Map<String, ServiceProcess> apps = startPlatform(runDir, logDir, options, secretKey, operatorToken,
                gatewayGrpcPort, false, started);
        ServiceProcess customers = apps.get("customer-service");
        ServiceProcess feedback = apps.get("feedback-service");
        ServiceProcess followUps = apps.get("followup-service");
        ManagedChannel customerChannel = Tenants.channel(customers);
        ManagedChannel feedbackChannel = Tenants.channel(feedback);
        ManagedChannel followUpChannel = Tenants.channel(followUps);
        ManagedChannel passthrough = Tenants.channel(gatewayGrpcPort);
        try {
            DirectGrpc.Fixture fixture = DirectGrpc.fixture(customerChannel, feedbackChannel);
            // the smoke run checks only that everything completes, so it does not wait for idle applications
            Runnable quiet = options.smoke() ? () -> { } : () -> Quiet.await(apps.values());
            ServiceProcess gateway = apps.get("gateway");
            String apiKey = GatewayRest.issueApiKey(gateway, operatorToken);
            List<Map<Operation.Kind, Operation>> paths = new ArrayList<>();
            if (options.runs(Options.DIRECT_GRPC)) {
                paths.add(DirectGrpc.direct(customerChannel, feedbackChannel, followUpChannel, fixture));
            }
            if (options.runs(Options.GATEWAY_REST)) {
                paths.add(new GatewayRest(gateway, apiKey).operations(fixture));
            }
            if (options.runs(Options.GATEWAY_GRPC)) {
                paths.add(DirectGrpc.passthrough(passthrough, apiKey, fixture));
            }
            System.out.println("2-4. direct gRPC, gateway REST, gateway gRPC passthrough: each operation on every path");
            // Each operation on every path back to back, so the paths compared meet the same platform: submitting
            // responses leaves background work (events relayed and delivered) that would otherwise weigh on
            // whichever scenario came next, so it goes last.
            for (Operation.Kind kind : Operation.Kind.values()) {
                // Unmeasured, so that the path measured first does not pay for the services' code still being
                // compiled; per operation, so that the warm-up's responses do not weigh on the other operations.
                for (Map<Operation.Kind, Operation> path : paths) {
                    path.get(kind).warmUp(options);
                }
                for (Map<Operation.Kind, Operation> path : paths) {
                    Operation operation = path.get(kind);
                    System.out.println("   " + operation.scenario() + " ...");
                    quiet.run();
                    measurements.add(operation.measure(options));
                }
            }
            if (options.runs(Options.OPEN_LOOP)) {
                System.out.println("9. the same paths at fixed rates (open loop) ...");
                measurements.addAll(openLoops(paths, gateway, options, gatewayCpu));
            }
            if (options.runs(Options.FOOTPRINT)) {
                System.out.println("7. footprint after the load ...");
                for (ServiceProcess app : apps.values()) {
                    footprint.add(Footprint.of(app, app.name));
                }
            }
        } finally {
            customerChannel.shutdownNow();
            feedbackChannel.shutdownNow();
            followUpChannel.shutdownNow();
            passthrough.shutdownNow();
            for (ServiceProcess app : apps.values()) {
                app.close();
                started.remove(app);
            }
        }
        return measurements;
    }

    /**
     * Scenario 9: get customer and submit response at each fixed rate on every path, the paths back to back at each
     * rate after an unmeasured second at it. On a gateway path, the gateway's process CPU time over the measured
     * period divided by the calls made is its cost per call.
     */
    private static List<Measurement> openLoops(List<Map<Operation.Kind, Operation>> paths, ServiceProcess gateway,
            Options options, Map<String, Double> gatewayCpu) {
        List<Measurement> measurements = new ArrayList<>();
        for (Operation.Kind kind : List.of(Operation.Kind.GET_CUSTOMER, Operation.Kind.SUBMIT_RESPONSE)) {
            for (int rate : options.openLoopRates()) {
                for (Map<Operation.Kind, Operation> path : paths) {
                    Operation operation = path.get(kind);
                    System.out.println("   " + operation.scenario() + " at " + rate + " calls/s ...");
                    operation.measureAt(rate, Duration.ofSeconds(1));
                    long cpuBefore = gateway.cpuNanos();
                    Measurement measured = operation.measureAt(rate, options.openLoopMeasure());
                    long cpu = gateway.cpuNanos() - cpuBefore;
                    measurements.add(measured);
                    if (!operation.scenario().startsWith("direct") && measured.calls() > 0) {
                        gatewayCpu.put(measured.scenario() + GATEWAY_CPU, cpu / 1e6 / measured.calls());
                    }
                }
            }
        }
        return measurements;
    }

    /**
     * The platform as bin/run-local runs it, each application on its own free ports and fresh data directory,
     * wired to the others. A full run starts them one at a time, so each start→healthy is the application's own
     * and not a share of a contended start; the smoke run starts them together, to be done sooner.
     */
    /**
     * Scenario 8 on a platform of its own, with the gateway's tenant limits as shipped: a flood's calls are refused by
     * its tenant's rate limit and share, as they would be in production.
     */
    private static NoisyNeighbour.Result noisyNeighbour(Path runDir, Path logDir, Options options, String secretKey,
            List<ServiceProcess> started) throws Exception {
        Files.createDirectories(runDir);
        Files.createDirectories(logDir);
        String operatorToken = HexFormat.of().formatHex(randomBytes(24));
        Map<String, ServiceProcess> apps = startPlatform(runDir, logDir, options, secretKey, operatorToken,
                JarApplication.freePort(), true, started);
        try {
            return new NoisyNeighbour(apps.get("gateway"), operatorToken).run(options);
        } finally {
            for (ServiceProcess app : apps.values()) {
                app.close();
                started.remove(app);
            }
        }
    }

    /** @param tenantLimits whether the gateway keeps its per-tenant limits (scenario 8) or lifts them (2-4, 9) */
    private static Map<String, ServiceProcess> startPlatform(Path runDir, Path logDir, Options options,
            String secretKey, String operatorToken, int gatewayGrpcPort, boolean tenantLimits,
            List<ServiceProcess> started) throws Exception {
        Map<String, ServiceProcess> apps = new LinkedHashMap<>();
        ServiceProcess customers = start("customer-service", "GRPC_PORT", runDir, logDir, options, Map.of(), started);
        apps.put(customers.name, customers);
        ServiceProcess followUps = start("followup-service", "GRPC_PORT", runDir, logDir, options, Map.of(
                "CUSTOMER_SERVICE_TARGET", customers.target(),
                "EXCEED_WEBHOOK_SECRET_KEY", secretKey), started);
        ServiceProcess feedback = start("feedback-service", "GRPC_PORT", runDir, logDir, options, Map.of(
                "CUSTOMER_SERVICE_TARGET", customers.target(),
                "FOLLOWUP_SERVICE_TARGET", followUps.target()), started);
        apps.put(feedback.name, feedback);
        apps.put(followUps.name, followUps);
        Map<String, String> gatewayEnv = new HashMap<>(Map.of(
                "GATEWAY_GRPC_PORT", Integer.toString(gatewayGrpcPort),
                "CUSTOMER_SERVICE_TARGET", customers.target(),
                "FEEDBACK_SERVICE_TARGET", feedback.target(),
                "FOLLOWUP_SERVICE_TARGET", followUps.target(),
                "EXCEED_GATEWAY_OPERATOR_TOKEN", operatorToken));
        if (!tenantLimits) {
            // Scenarios 2-4 and 9 measure the gateway, not its per-tenant rate limit (50 calls/s by default). The
            // tenant's share of a backend is raised from 16 calls at once to the backend's bulkhead (64): an open
            // loop keeps sending through a stall, so its calls in flight can pass 16 where the closed loops' 16
            // callers cannot; a --concurrency above 64 meets the bulkhead, reported as refusals.
            gatewayEnv.put("EXCEED_GATEWAY_RATELIMITS_TENANT_CAPACITY", UNLIMITED);
            gatewayEnv.put("EXCEED_GATEWAY_RATELIMITS_TENANT_REFILLTOKENS", UNLIMITED);
            gatewayEnv.put("EXCEED_GATEWAY_TENANTSHARES_UNARYPERTENANT", "64");
        }
        apps.put("gateway", start("gateway", "GATEWAY_PORT", runDir, logDir, options, gatewayEnv, started));
        for (ServiceProcess app : apps.values()) {
            app.awaitHealthy();
        }
        return apps;
    }

    private static ServiceProcess start(String module, String portVariable, Path runDir, Path logDir, Options options,
            Map<String, String> env, List<ServiceProcess> started) throws Exception {
        ServiceProcess app = ServiceProcess.start(ROOT, module, module, portVariable, runDir.resolve(module), logDir,
                options.jfr(), env);
        started.add(app);
        if (!options.smoke()) {
            app.awaitHealthy();
        }
        return app;
    }

    /** The measurement of {@code scenario}, if it ran. */
    static Optional<Measurement> find(List<Measurement> measurements, String scenario) {
        return measurements.stream().filter(m -> m.scenario().equals(scenario)).findFirst();
    }

    /** The ratios whose two scenarios both ran. */
    private static Map<String, Double> ratios(List<Measurement> measurements, List<SchedulerRun.Result> scheduler) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (Durability other : List.of(Durability.DEFERRED, Durability.SYNCED)) {
            putRatio(ratios, StoreFloor.INSERT + " / " + StoreFloor.insertWith(other), measurements,
                    StoreFloor.INSERT, StoreFloor.insertWith(other));
        }
        putRatio(ratios, "direct gRPC submit response / store floor insertOne", measurements,
                DirectGrpc.SUBMIT_RESPONSE, StoreFloor.INSERT);
        putRatio(ratios, "direct gRPC create follow-up / store floor insertOne", measurements,
                DirectGrpc.CREATE_FOLLOW_UP, StoreFloor.INSERT);
        putRatio(ratios, "direct gRPC get customer / store floor find by id", measurements, DirectGrpc.GET_CUSTOMER,
                StoreFloor.FIND);
        for (Compared pair : Stream.concat(REST_PAIRS.stream(), PASSTHROUGH_PAIRS.stream()).toList()) {
            Optional<Measurement> gateway = find(measurements, pair.gateway());
            Optional<Measurement> direct = find(measurements, pair.direct());
            if (gateway.isPresent() && direct.isPresent()) {
                ratios.put(pair.gateway() + " / direct throughput", ratio(gateway.get(), direct.get()));
                ratios.put(pair.gateway() + " added p99 ms", gateway.get().p99Ms() - direct.get().p99Ms());
            }
        }
        for (Compared pair : Stream.concat(REST_PAIRS.stream(), PASSTHROUGH_PAIRS.stream()).toList()) {
            for (Measurement open : measurements) {
                String rate = open.scenario().startsWith(pair.gateway() + " @")
                        ? open.scenario().substring(pair.gateway().length()) : null;
                Optional<Measurement> direct = rate == null ? Optional.empty() : find(measurements, pair.direct() + rate);
                if (direct.isPresent()) {
                    ratios.put(open.scenario() + " added p50 ms", open.p50Ms() - direct.get().p50Ms());
                    ratios.put(open.scenario() + " added p99 ms", open.p99Ms() - direct.get().p99Ms());
                }
            }
        }
        if (scheduler.size() == 2 && scheduler.get(0).dispatchesPerSecond() > 0) {
            ratios.put("scheduler two replicas / one replica dispatches/s",
                    scheduler.get(1).dispatchesPerSecond() / scheduler.get(0).dispatchesPerSecond());
        }
        return ratios;
    }

    private static void putRatio(Map<String, Double> ratios, String name, List<Measurement> measurements,
            String measured, String base) {
        find(measurements, measured).ifPresent(m -> find(measurements, base)
                .ifPresent(b -> ratios.put(name, ratio(m, b))));
    }

    static double ratio(Measurement measured, Measurement base) {
        return base.throughput() == 0 ? 0 : measured.throughput() / base.throughput();
    }

    private static void print(List<Measurement> measurements, Map<String, Double> ratios,
            List<SchedulerRun.Result> scheduler, Analytics.Result analytics, List<Footprint> footprint,
            NoisyNeighbour.Result noisyNeighbour, Growth.Result growth, List<Targets.Target> targets) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-34s %10s %9s %9s %9s %8s %7s%n", "scenario", "ops/s", "p50 ms", "p99 ms",
                "p99.9 ms", "refused", "errors");
        for (Measurement m : measurements) {
            System.out.printf(Locale.ROOT, "%-34s %10.0f %9.2f %9.2f %9.2f %8d %7d%n", m.scenario(), m.throughput(),
                    m.p50Ms(), m.p99Ms(), m.p999Ms(), m.refusals(), m.errors());
        }
        if (noisyNeighbour != null) {
            System.out.println();
            System.out.printf(Locale.ROOT, "noisy neighbour: B's throughput under A's flood %.2fx of alone (target"
                    + " >= 0.8x), p99 %.2fx (target <= 2x); A's calls: %s%n", noisyNeighbour.throughputRatio(),
                    noisyNeighbour.p99Ratio(), noisyNeighbour.floodOutcomes());
        }
        System.out.println();
        ratios.forEach((name, value) -> System.out.printf(Locale.ROOT, "%s = %.2f%n", name, value));
        System.out.println();
        System.out.println("scheduler (" + SchedulerRun.STORE + "):");
        List<SchedulerRun.Result> runs = new ArrayList<>(scheduler);
        if (growth != null) {
            runs.addAll(growth.schedulerBursts());
        }
        for (SchedulerRun.Result r : runs) {
            System.out.printf(Locale.ROOT, "  %d replica(s): %d follow-ups (created %.0f/s, due %.0f/s), %d received,"
                    + " %.0f dispatches/s (peak %.0f/s in one second), lag p50 %.0f ms p99 %.0f ms max %.0f ms,"
                    + " duplicates %d, losses %d, creation errors %d, created after due %d, bad signatures %d%n",
                    r.replicas(), r.followUps(), r.createdPerSecond(), r.offeredPerSecond(), r.received(), r.dispatchesPerSecond(),
                    r.peakPerSecond(), r.lagP50Ms(), r.lagP99Ms(), r.lagMaxMs(), r.duplicates(), r.losses(),
                    r.creationErrors(), r.createdAfterDue(), r.badSignatures());
        }
        if (growth != null) {
            System.out.printf(Locale.ROOT, "  (the last two: scenario 10's bursts with %d and %d follow-ups stored)%n",
                    growth.n(), 10 * growth.n());
            System.out.printf(Locale.ROOT, "growth: N = %d, seeding took %.1f s in all%n", growth.n(),
                    growth.seedSeconds());
        }
        if (analytics != null) {
            System.out.println();
            System.out.printf(Locale.ROOT, "analytics over %d responses (seeded in %.1f s), ms per query:%n",
                    analytics.responses(), analytics.seedSeconds());
            for (Analytics.Query q : analytics.queries()) {
                System.out.printf(Locale.ROOT, "  %-32s min %8.0f  median %8.0f  max %8.0f  (%d runs, %d errors)%n",
                        q.query(), q.minMs(), q.medianMs(), q.maxMs(), q.runs(), q.errors());
            }
        }
        System.out.println();
        for (Footprint app : footprint) {
            System.out.printf(Locale.ROOT, "footprint %s: start→healthy %.1f s, heap after load %.0f MiB"
                    + " (live after GC %.0f MiB), RSS %.0f MiB%n", app.application(), app.startToHealthyS(),
                    app.heapUsedAfterLoadMib(), app.heapLiveAfterGcMib(), app.rssMib());
        }
        System.out.println();
        System.out.println("targets (this machine; not asserted):");
        for (Targets.Target t : targets) {
            System.out.printf("  %-6s %s: %s%n", t.met() ? "met" : "MISSED", t.target(), t.measured());
        }
    }

    private static String secretKey() {
        return Base64.getEncoder().encodeToString(randomBytes(32));
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
