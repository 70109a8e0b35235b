package io.exceed.bench;

import java.time.Duration;

/** One measured call on one path to the platform (direct gRPC, gateway REST or gateway gRPC), as a closed loop. */
record Operation(String scenario, ClosedLoop.Call call) {

    /** The three operations each path measures, in the order {@link Bench} takes them. */
    enum Kind { GET_CUSTOMER, CREATE_FOLLOW_UP, SUBMIT_RESPONSE }

    Measurement measure(Options options) throws InterruptedException {
        return ClosedLoop.run(scenario, options.concurrency(), options.warmUp(), options.measure(), call);
    }

    /** Calls for the warm-up period only; errors show up in the measured run that follows. */
    void warmUp(Options options) throws InterruptedException {
        ClosedLoop.run(scenario, options.concurrency(), Duration.ZERO, options.warmUp(), call);
    }
}
