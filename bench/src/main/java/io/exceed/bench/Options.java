package io.exceed.bench;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one run measures and for how long.
 *
 * @param smoke              CI mode: short periods and small counts; only checks that everything completes cleanly
 * @param warmUp             load before each measured period, not recorded
 * @param measure            the measured period of each throughput scenario
 * @param concurrency        calls in flight at once in the throughput scenarios
 * @param followUps          follow-ups the scheduler scenario makes due
 * @param dueWindow          the span their due times are spread over
 * @param lossTimeout        how long without a new DUE webhook (after the last due time) before the missing ones count
 *                           as lost
 * @param analyticsResponses responses the analytics scenario scores
 * @param analyticsRuns      measured runs of each analytics query (after one unmeasured run)
 * @param growthN            documents of each kind the growth scenario stores first (then ten times as many)
 * @param jfr                record a JFR profile of every application started (into the run's log directory)
 * @param scenarios          the numbered scenarios to run (README table); all by default
 */
record Options(boolean smoke, Duration warmUp, Duration measure, int concurrency, int followUps, Duration dueWindow,
        Duration lossTimeout, int analyticsResponses, int analyticsRuns, int growthN, boolean jfr,
        Set<Integer> scenarios) {

    static final int STORE_FLOOR = 1;
    static final int DIRECT_GRPC = 2;
    static final int GATEWAY_REST = 3;
    static final int GATEWAY_GRPC = 4;
    static final int SCHEDULER = 5;
    static final int ANALYTICS = 6;
    static final int FOOTPRINT = 7;
    static final int NOISY_NEIGHBOUR = 8;
    static final int OPEN_LOOP = 9;
    static final int GROWTH = 10;
    private static final Set<Integer> ALL = Set.of(STORE_FLOOR, DIRECT_GRPC, GATEWAY_REST, GATEWAY_GRPC, SCHEDULER,
            ANALYTICS, FOOTPRINT, NOISY_NEIGHBOUR, OPEN_LOOP, GROWTH);
    /** Scenario 9 at each rate, in calls per second. */
    private static final List<Integer> OPEN_LOOP_RATES = List.of(100, 200, 400);
    /**
     * The smoke run's one rate, which only checks that scenario 9 runs cleanly: within what a cold platform on a
     * busy CI machine submits (about 25 responses/s in its 2 s closed loop), since calls offered beyond capacity pile
     * up until a limit refuses them.
     */
    private static final List<Integer> SMOKE_OPEN_LOOP_RATES = List.of(20);
    /** Scenario 9's measured period at each rate, at most: nine runs per operation. */
    private static final Duration OPEN_LOOP_MEASURE = Duration.ofSeconds(10);
    private static final String USAGE = "; known: --smoke --jfr --warm-up=S --measure=S --concurrency=N"
            + " --follow-ups=N --due-window=S --loss-timeout=S --analytics-responses=N --analytics-runs=N"
            + " --growth-n=N --scenarios=N,N,... (README.md, section Benchmarks)";

    boolean runs(int scenario) {
        return scenarios.contains(scenario);
    }

    List<Integer> openLoopRates() {
        return smoke ? SMOKE_OPEN_LOOP_RATES : OPEN_LOOP_RATES;
    }

    Duration openLoopMeasure() {
        return measure.compareTo(OPEN_LOOP_MEASURE) < 0 ? measure : OPEN_LOOP_MEASURE;
    }

    static Options parse(String[] args) {
        boolean smoke = false;
        boolean jfr = false;
        for (String arg : args) {
            smoke |= arg.equals("--smoke");
            jfr |= arg.equals("--jfr");
        }
        Duration warmUp = smoke ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        Duration measure = smoke ? Duration.ofSeconds(2) : Duration.ofSeconds(15);
        int concurrency = 16;
        int followUps = smoke ? 500 : 20_000;
        Duration dueWindow = smoke ? Duration.ofSeconds(5) : Duration.ofSeconds(60);
        Duration lossTimeout = Duration.ofSeconds(30);
        int analyticsResponses = smoke ? 2_000 : 1_000_000;
        int analyticsRuns = smoke ? 1 : 2;
        int growthN = smoke ? 200 : 100_000;
        Set<Integer> scenarios = ALL;
        for (String arg : args) {
            if (arg.equals("--smoke") || arg.equals("--jfr")) {
                continue;
            }
            String[] kv = arg.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("unknown argument " + arg + USAGE);
            }
            switch (kv[0]) {
                case "--warm-up" -> warmUp = Duration.ofSeconds(positive(kv));
                case "--measure" -> measure = Duration.ofSeconds(positive(kv));
                case "--concurrency" -> concurrency = (int) positive(kv);
                case "--follow-ups" -> followUps = (int) positive(kv);
                case "--due-window" -> dueWindow = Duration.ofSeconds(positive(kv));
                case "--loss-timeout" -> lossTimeout = Duration.ofSeconds(positive(kv));
                case "--analytics-responses" -> analyticsResponses = (int) positive(kv);
                case "--analytics-runs" -> analyticsRuns = (int) positive(kv);
                case "--growth-n" -> growthN = (int) positive(kv);
                case "--scenarios" -> scenarios = scenarios(kv);
                default -> throw new IllegalArgumentException("unknown option " + kv[0] + USAGE);
            }
        }
        return new Options(smoke, warmUp, measure, concurrency, followUps, dueWindow, lossTimeout, analyticsResponses,
                analyticsRuns, growthN, jfr, scenarios);
    }

    private static Set<Integer> scenarios(String[] option) {
        Set<Integer> chosen = new TreeSet<>();
        for (String number : option[1].split(",")) {
            try {
                int scenario = Integer.parseInt(number.strip());
                if (ALL.contains(scenario)) {
                    chosen.add(scenario);
                    continue;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option[0] + " takes scenario numbers 1 to 10 separated by commas, not "
                    + option[1]);
        }
        return Set.copyOf(chosen);
    }

    private static long positive(String[] option) {
        try {
            long value = Long.parseLong(option[1]);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option[0] + " must be a positive whole number, not " + option[1]);
    }
}
