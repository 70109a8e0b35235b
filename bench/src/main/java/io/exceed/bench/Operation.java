package io.exceed.bench;

import java.time.Duration;

/** One measured call on one path to the platform (direct gRPC, gateway REST or gateway gRPC). */
record Operation(String scenario, ClosedLoop.Call call) {

    /** The three operations each path measures, in the order {@link Bench} takes them. */
    enum Kind { GET_CUSTOMER, CREATE_FOLLOW_UP, SUBMIT_RESPONSE }

    /** Above any closed loop's caller number, so the open loops' keys are their own. */
    private static final int OPEN_LOOP_CALLER = 100_000;

    Measurement measure(Options options) throws InterruptedException {
        return ClosedLoop.run(scenario, options.concurrency(), options.warmUp(), options.measure(), call);
    }

    /** Scenario 9: calls at a fixed rate, with callers numbered apart from the closed loops'. */
    Measurement measureAt(int perSecond, Duration measure) {
        return OpenLoop.run(scenario + " @" + perSecond + "/s", perSecond, measure, OPEN_LOOP_CALLER + perSecond, call);
    }

    /** Calls for the warm-up period only; errors show up in the measured run that follows. */
    void warmUp(Options options) throws InterruptedException {
        ClosedLoop.run(scenario, options.concurrency(), Duration.ZERO, options.warmUp(), call);
    }
}
