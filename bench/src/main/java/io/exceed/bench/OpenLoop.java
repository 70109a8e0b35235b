package io.exceed.bench;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Calls at a fixed arrival rate, whatever the latency: the load an ordinary day puts on the platform, where a
 * closed loop measures only saturation. Each call's latency counts from when it was due, not from when it
 * started, so a stall delays the calls behind it and shows in the percentiles (no coordinated omission). Calls
 * run on virtual threads; an arrival while {@link #MAX_IN_FLIGHT} calls are still open is an error, so a path
 * that cannot keep up fails the run instead of queueing without bound.
 */
final class OpenLoop {

    private static final int MAX_IN_FLIGHT = 1_000;
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(120);

    private OpenLoop() {
    }

    /** @param caller the caller number the calls' keys are made with, apart from the closed loops' callers */
    static Measurement run(String scenario, int perSecond, Duration measure, int caller, ClosedLoop.Call call) {
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long start = System.nanoTime();
        long until = start + measure.toNanos();
        Histogram nanos = new ConcurrentHistogram(HIGHEST_NANOS, 3);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong refusals = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long sequence = 0; ; sequence++) {
                long due = start + sequence * interval;
                if (due >= until) {
                    break;
                }
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
                    inFlight.decrementAndGet();
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, "more than " + MAX_IN_FLIGHT + " calls in flight");
                    continue;
                }
                long number = sequence;
                executor.execute(() -> {
                    try {
                        call.run(caller, number);
                        nanos.recordValue(Math.min(System.nanoTime() - due, HIGHEST_NANOS));
                    } catch (Exception e) {
                        (Refused.isRefusal(e) ? refusals : errors).incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            }
        }
        return Measurement.of(scenario, nanos, measure.toNanos() / 1e9, refusals.get(), errors.get(),
                firstError.get());
    }
}
