package io.exceed.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;

/**
 * A fixed number of callers, each issuing its next call as soon as the previous one returns: a warm-up that is
 * not recorded, then a measured period. Throughput counts the calls that complete within the measured period
 * (whenever they started), so short periods are not biased by the calls in flight at either edge. Errors and
 * refusals (a limit reached, {@link Refused}) count in both periods, so a run that failed while warming up is not
 * clean.
 */
final class ClosedLoop {

    /** One call; {@code caller} and {@code sequence} make unique keys without shared state. */
    @FunctionalInterface
    interface Call {
        void run(int caller, long sequence) throws Exception;
    }

    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(120);

    private ClosedLoop() {
    }

    static Measurement run(String scenario, int concurrency, Duration warmUp, Duration measure, Call call)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long measureUntil = measureFrom + measure.toNanos();
        AtomicLong refusals = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
            histograms.add(histogram);
            int caller = c;
            callers.add(Thread.ofPlatform().name("bench-" + scenario + "-" + c).start(() -> {
                long sequence = 0;
                while (true) {
                    long before = System.nanoTime();
                    if (before >= measureUntil) {
                        return;
                    }
                    try {
                        call.run(caller, sequence++);
                        long after = System.nanoTime();
                        if (after >= measureFrom && after <= measureUntil) {
                            histogram.recordValue(Math.min(after - before, HIGHEST_NANOS));
                        }
                    } catch (Exception e) {
                        (Refused.isRefusal(e) ? refusals : errors).incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                }
            }));
        }
        for (Thread caller : callers) {
            caller.join();
        }
        Histogram all = new Histogram(HIGHEST_NANOS, 3);
        histograms.forEach(all::add);
        return Measurement.of(scenario, all, measure.toNanos() / 1e9, refusals.get(), errors.get(),
                firstError.get());
    }
}
