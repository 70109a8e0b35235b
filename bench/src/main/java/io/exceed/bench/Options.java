package io.exceed.bench;

import java.time.Duration;

/**
 * What one run measures and for how long.
 *
 * @param smoke       CI mode: short periods and few follow-ups, only checks that everything completes without errors
 * @param warmUp      load before each measured period, not recorded
 * @param measure     the measured period of each throughput scenario
 * @param concurrency calls in flight at once in the throughput scenarios
 * @param followUps   follow-ups the scheduler scenario makes due
 * @param dueWindow   the span their due times are spread over
 * @param lossTimeout how long after the last due time a missing DUE webhook still counts as late, not lost
 */
record Options(boolean smoke, Duration warmUp, Duration measure, int concurrency, int followUps, Duration dueWindow,
        Duration lossTimeout) {

    static Options parse(String[] args) {
        boolean smoke = false;
        for (String arg : args) {
            smoke |= arg.equals("--smoke");
        }
        Duration warmUp = smoke ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        Duration measure = smoke ? Duration.ofSeconds(2) : Duration.ofSeconds(15);
        int concurrency = 16;
        int followUps = smoke ? 2_000 : 20_000;
        Duration dueWindow = smoke ? Duration.ofSeconds(10) : Duration.ofSeconds(60);
        Duration lossTimeout = smoke ? Duration.ofSeconds(20) : Duration.ofSeconds(60);
        for (String arg : args) {
            if (arg.equals("--smoke")) {
                continue;
            }
            String[] kv = arg.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("unknown argument " + arg + "; see README.md, section Benchmarks");
            }
            switch (kv[0]) {
                case "--warm-up" -> warmUp = Duration.ofSeconds(Long.parseLong(kv[1]));
                case "--measure" -> measure = Duration.ofSeconds(Long.parseLong(kv[1]));
                case "--concurrency" -> concurrency = Integer.parseInt(kv[1]);
                case "--follow-ups" -> followUps = Integer.parseInt(kv[1]);
                case "--due-window" -> dueWindow = Duration.ofSeconds(Long.parseLong(kv[1]));
                case "--loss-timeout" -> lossTimeout = Duration.ofSeconds(Long.parseLong(kv[1]));
                default -> throw new IllegalArgumentException("unknown option " + kv[0]
                        + "; known: --smoke --warm-up=S --measure=S --concurrency=N --follow-ups=N --due-window=S"
                        + " --loss-timeout=S");
            }
        }
        return new Options(smoke, warmUp, measure, concurrency, followUps, dueWindow, lossTimeout);
    }
}
