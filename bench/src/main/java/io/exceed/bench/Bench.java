package io.exceed.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The benchmark harness (bin/bench): starts the service jars on fresh embedded storage, measures the store floor,
 * the services' gRPC methods, the follow-up scheduler with one and two replicas and each application's footprint,
 * prints a table and writes bench/target/bench-results.json. Exits non-zero if any scenario had errors,
 * duplicates or losses. A benchmark, not a test: nothing here asserts on timings.
 */
public final class Bench {

    private static final Path ROOT = Path.of("");
    private static final Path TARGET = Path.of("bench", "target");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        String run = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path runDir = TARGET.resolve("bench-data").resolve(run);
        Path logDir = TARGET.resolve("bench-logs").resolve(run);
        List<ServiceProcess> started = new CopyOnWriteArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(ServiceProcess::close)));
        System.out.printf("Exceed benchmark%s: concurrency %d, warm-up %ds, measure %ds; data %s, logs %s%n",
                options.smoke() ? " (smoke)" : "", options.concurrency(), options.warmUp().toSeconds(),
                options.measure().toSeconds(), runDir, logDir);
        int exit;
        try {
            exit = run(options, runDir, logDir, started);
        } finally {
            started.forEach(ServiceProcess::close);
            started.clear();
        }
        System.exit(exit);
    }

    private static int run(Options options, Path runDir, Path logDir, List<ServiceProcess> started)
            throws Exception {
        List<Measurement> measurements = new ArrayList<>();
        System.out.println("1. store floor ...");
        measurements.addAll(StoreFloor.run(runDir.resolve("floor"), options));

        System.out.println("2. direct gRPC: starting customer-service, feedback-service, followup-service ...");
        String secretKey = secretKey();
        List<ServiceProcess> services = new ArrayList<>();
        for (String module : List.of("customer-service", "feedback-service", "followup-service")) {
            ServiceProcess service = ServiceProcess.start(ROOT, module, module, runDir.resolve(module), logDir,
                    Map.of("EXCEED_WEBHOOK_SECRET_KEY", secretKey));
            services.add(service);
            started.add(service);
            // one at a time, so each start→healthy is the application's own and not a share of a contended start
            service.awaitHealthy(java.time.Duration.ofSeconds(90));
        }
        measurements.addAll(DirectGrpc.run(services.get(0), services.get(1), services.get(2), options));
        List<Map<String, Object>> footprint = new ArrayList<>();
        for (ServiceProcess service : services) {
            Map<String, Object> app = new LinkedHashMap<>();
            app.put("application", service.name);
            app.put("start_to_healthy_s", service.startToHealthySeconds());
            app.put("heap_used_after_load_mib", service.heapUsedMib());
            app.put("rss_after_load_mib", service.rssMib());
            footprint.add(app);
        }
        for (ServiceProcess service : services) {
            service.close();
            started.remove(service);
        }

        double createRate = find(measurements, DirectGrpc.CREATE_FOLLOW_UP).throughput();
        List<SchedulerRun.Result> scheduler = new ArrayList<>();
        for (int replicas = 1; replicas <= 2; replicas++) {
            System.out.printf("5. scheduler: %d follow-ups due within %ds, %d replica(s) ...%n", options.followUps(),
                    options.dueWindow().toSeconds(), replicas);
            scheduler.add(SchedulerRun.run(ROOT, runDir, logDir, replicas, createRate, secretKey, options, started));
        }

        print(measurements, scheduler, footprint);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("run", runDir.getFileName().toString());
        results.put("smoke", options.smoke());
        results.put("concurrency", options.concurrency());
        results.put("warm_up_s", options.warmUp().toSeconds());
        results.put("measure_s", options.measure().toSeconds());
        results.put("processors", Runtime.getRuntime().availableProcessors());
        results.put("scenarios", measurements.stream().map(Measurement::json).toList());
        results.put("ratios", ratios(measurements));
        results.put("scheduler_store", "two replicas share a harness-hosted embedded store; one replica uses the same");
        results.put("scheduler", scheduler.stream().map(SchedulerRun.Result::json).toList());
        results.put("footprint", footprint);
        Path json = TARGET.resolve("bench-results.json");
        Files.writeString(json, Json.write(results));
        System.out.println("Results: " + json);

        long errors = measurements.stream().mapToLong(Measurement::errors).sum();
        boolean clean = errors == 0 && scheduler.stream().allMatch(SchedulerRun.Result::clean);
        if (!clean) {
            System.out.println("FAILED: errors, duplicates, losses or bad signatures above (first errors in the JSON)");
        }
        return clean ? 0 : 1;
    }

    private static Measurement find(List<Measurement> measurements, String scenario) {
        return measurements.stream().filter(m -> m.scenario().equals(scenario)).findFirst().orElseThrow();
    }

    private static Map<String, Object> ratios(List<Measurement> measurements) {
        Measurement insert = find(measurements, "store floor insertOne");
        Measurement read = find(measurements, "store floor find by id");
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("direct gRPC create follow-up / store floor insertOne",
                ratio(find(measurements, DirectGrpc.CREATE_FOLLOW_UP), insert));
        ratios.put("direct gRPC submit response / store floor insertOne",
                ratio(find(measurements, DirectGrpc.SUBMIT_RESPONSE), insert));
        ratios.put("direct gRPC get customer / store floor find by id",
                ratio(find(measurements, DirectGrpc.GET_CUSTOMER), read));
        return ratios;
    }

    private static double ratio(Measurement service, Measurement floor) {
        return floor.throughput() == 0 ? 0 : service.throughput() / floor.throughput();
    }

    private static void print(List<Measurement> measurements, List<SchedulerRun.Result> scheduler,
            List<Map<String, Object>> footprint) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-32s %10s %9s %9s %9s %7s%n", "scenario", "ops/s", "p50 ms", "p99 ms",
                "p99.9 ms", "errors");
        for (Measurement m : measurements) {
            System.out.printf(Locale.ROOT, "%-32s %10.0f %9.2f %9.2f %9.2f %7d%n", m.scenario(), m.throughput(),
                    m.p50Ms(), m.p99Ms(), m.p999Ms(), m.errors());
        }
        System.out.println();
        ratios(measurements).forEach((name, value) -> System.out.printf(Locale.ROOT, "%s = %.2f%n", name, value));
        System.out.println();
        System.out.println("scheduler: two replicas share a harness-hosted embedded store; one replica uses the same");
        for (SchedulerRun.Result r : scheduler) {
            System.out.printf(Locale.ROOT, "scheduler, %d replica(s): %d follow-ups (offered %.0f/s), %d received,"
                    + " %.0f dispatches/s (peak %.0f/s in one second), lag p50 %.0f ms p99 %.0f ms max %.0f ms,"
                    + " duplicates %d, losses %d, creation errors %d, created after due %d, bad signatures %d%n",
                    r.replicas(), r.followUps(), r.offeredPerSecond(), r.received(), r.dispatchesPerSecond(),
                    r.peakPerSecond(), r.lagP50Ms(), r.lagP99Ms(), r.lagMaxMs(), r.duplicates(), r.losses(),
                    r.creationErrors(), r.createdAfterDue(), r.badSignatures());
        }
        if (scheduler.size() == 2 && scheduler.get(0).dispatchesPerSecond() > 0) {
            System.out.printf(Locale.ROOT, "scheduler two replicas / one replica dispatches/s = %.2f%n",
                    scheduler.get(1).dispatchesPerSecond() / scheduler.get(0).dispatchesPerSecond());
        }
        System.out.println();
        for (Map<String, Object> app : footprint) {
            System.out.printf(Locale.ROOT, "footprint %s: start→healthy %.1f s, heap after load %.0f MiB,"
                    + " RSS %.0f MiB%n", app.get("application"), app.get("start_to_healthy_s"),
                    app.get("heap_used_after_load_mib"), app.get("rss_after_load_mib"));
        }
    }

    private static String secretKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
