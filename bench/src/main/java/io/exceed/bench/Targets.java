package io.exceed.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The issue's targets for this 2-core machine, judged against one run's figures. Reported, never asserted: the
 * exit status depends only on errors, duplicates and losses.
 */
final class Targets {

    /** One target, what the run measured for it, and whether that meets it. */
    record Target(String target, String measured, boolean met) {
    }

    private static final double GATEWAY_MIN_RATIO = 0.5;
    /** Scenario 9: what the gateway may add at an ordinary rate, and cost per call. */
    private static final int GATEWAY_ORDINARY_RATE = 100;
    private static final double GATEWAY_MAX_ADDED_P99_MS = 5;
    private static final double GATEWAY_MAX_CPU_MS = 0.4;
    private static final double WRITE_MIN_RATIO = 0.5;
    private static final double SCHEDULER_MIN_PER_S = 1_000;
    private static final double SCHEDULER_MAX_P99_LAG_MS = 1_000;
    private static final double HEALTHY_MAX_S = 5;
    private static final double HEAP_MAX_MIB = 256;
    private static final double GROWTH_MAX_RATIO = 1.3;

    private Targets() {
    }

    /**
     * The targets of the scenarios that ran ({@code analytics} is null when scenario 6 did not, {@code growth} when
     * scenario 10 did not).
     */
    static List<Target> judge(List<Measurement> measurements, Map<String, Double> gatewayCpu,
            List<SchedulerRun.Result> scheduler, Analytics.Result analytics, List<Footprint> footprint,
            Growth.Result growth) {
        List<Target> targets = new ArrayList<>();
        for (Bench.Compared pair : Bench.REST_PAIRS) {
            Optional<Measurement> measuredGateway = Bench.find(measurements, pair.gateway());
            Optional<Measurement> measuredDirect = Bench.find(measurements, pair.direct());
            if (measuredGateway.isEmpty() || measuredDirect.isEmpty()) {
                continue;
            }
            Measurement gateway = measuredGateway.get();
            Measurement direct = measuredDirect.get();
            double ratio = Bench.ratio(gateway, direct);
            targets.add(new Target(pair.gateway() + " ≥ 0.5× direct throughput (closed loop)",
                    format("%.2f×", ratio), ratio >= GATEWAY_MIN_RATIO));
            String ordinary = " @" + GATEWAY_ORDINARY_RATE + "/s";
            Optional<Measurement> openGateway = Bench.find(measurements, pair.gateway() + ordinary);
            Optional<Measurement> openDirect = Bench.find(measurements, pair.direct() + ordinary);
            if (openGateway.isPresent() && openDirect.isPresent()) {
                double added = openGateway.get().p99Ms() - openDirect.get().p99Ms();
                targets.add(new Target(pair.gateway() + ordinary + " adds ≤ 5 ms p99 over direct gRPC",
                        format("%+.2f ms p99", added), added <= GATEWAY_MAX_ADDED_P99_MS));
            }
        }
        gatewayCpu.forEach((scenario, cpuMs) -> {
            if (scenario.startsWith(GatewayRest.GET_CUSTOMER + " @")) {
                targets.add(new Target(scenario + " ≤ 0.4", format("%.3f ms", cpuMs), cpuMs <= GATEWAY_MAX_CPU_MS));
            }
        });
        Optional<Measurement> floor = Bench.find(measurements, StoreFloor.INSERT);
        for (String write : List.of(DirectGrpc.SUBMIT_RESPONSE, DirectGrpc.CREATE_FOLLOW_UP)) {
            Optional<Measurement> measured = Bench.find(measurements, write);
            if (floor.isEmpty() || measured.isEmpty()) {
                continue;
            }
            double ratio = Bench.ratio(measured.get(), floor.get());
            targets.add(new Target(write + " ≥ 0.5× store floor insertOne", format("%.2f×", ratio),
                    ratio >= WRITE_MIN_RATIO));
        }
        for (SchedulerRun.Result run : scheduler) {
            targets.add(new Target("scheduler, " + run.replicas() + " replica(s): ≥ 1 000 dispatches/s, p99 lag ≤ 1 s,"
                    + " no duplicates or losses", format("%.0f/s, p99 lag %.0f ms, %d duplicates, %d losses",
                    run.dispatchesPerSecond(), run.lagP99Ms(), run.duplicates(), run.losses()),
                    run.dispatchesPerSecond() >= SCHEDULER_MIN_PER_S && run.lagP99Ms() <= SCHEDULER_MAX_P99_LAG_MS
                            && run.duplicates() == 0 && run.losses() == 0));
        }
        if (scheduler.size() == 2) {
            double one = scheduler.get(0).dispatchesPerSecond();
            double two = scheduler.get(1).dispatchesPerSecond();
            targets.add(new Target("scheduler: two replicas faster than one", format("%.0f/s vs %.0f/s", two, one),
                    two > one));
        }
        for (Analytics.Query query : analytics == null ? List.<Analytics.Query>of() : analytics.queries()) {
            targets.add(new Target("analytics " + query.query() + " over " + analytics.responses()
                    + format(" responses ≤ %.0f ms", query.targetMs()), format("median %.0f ms", query.medianMs()),
                    query.errors() == 0 && query.medianMs() <= query.targetMs()));
        }
        for (Footprint app : footprint) {
            targets.add(new Target(app.application() + " healthy ≤ 5 s after start, live heap ≤ 256 MiB after load",
                    format("%.1f s, %.0f MiB live (%.0f MiB in use before GC)", app.startToHealthyS(),
                            app.heapLiveAfterGcMib(), app.heapUsedAfterLoadMib()),
                    app.startToHealthyS() >= 0 && app.startToHealthyS() <= HEALTHY_MAX_S
                            && app.heapLiveAfterGcMib() >= 0 && app.heapLiveAfterGcMib() <= HEAP_MAX_MIB));
        }
        for (Growth.Grown grown : growth == null ? List.<Growth.Grown>of() : growth.operations()) {
            targets.add(new Target(grown.operation() + " with 10·N stored ≤ 1.3× with N (N = " + growth.n() + " "
                    + grown.seeded() + "), judged on p50", format("p50 %.2f×, p99 %.2f× (p50 %.2f → %.2f ms)",
                    grown.p50Ratio(), grown.p99Ratio(), grown.atN().p50Ms(), grown.atTenN().p50Ms()),
                    grown.atN().errors() + grown.atTenN().errors() == 0 && grown.atN().calls() > 0
                            && grown.atTenN().calls() > 0 && grown.p50Ratio() <= GROWTH_MAX_RATIO));
        }
        return targets;
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
