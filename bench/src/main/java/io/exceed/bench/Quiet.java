package io.exceed.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;

/**
 * Waits, before a measured scenario, until the applications have finished the background work the previous one
 * caused (feedback-service relaying and delivering the events of the responses just submitted to followup-service's
 * playbooks, for example), so that each scenario measures its own calls and not a share of the CPU with the last
 * one's aftermath. Quiet is less than a tenth of a core used by all of them together over one second.
 */
final class Quiet {

    private static final Duration SAMPLE = Duration.ofSeconds(1);
    private static final double IDLE_CORES = 0.1;
    private static final Duration LONGEST = Duration.ofSeconds(30);

    private Quiet() {
    }

    static void await(Collection<ServiceProcess> applications) {
        long deadline = System.nanoTime() + LONGEST.toNanos();
        long waited = System.nanoTime();
        long before = cpuNanos(applications);
        try {
            while (System.nanoTime() < deadline) {
                Thread.sleep(SAMPLE);
                long after = cpuNanos(applications);
                if ((after - before) / (double) SAMPLE.toNanos() < IDLE_CORES) {
                    break;
                }
                before = after;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.printf(Locale.ROOT, "   (quiet after %.1f s)%n", (System.nanoTime() - waited) / 1e9);
    }

    private static long cpuNanos(Collection<ServiceProcess> applications) {
        return applications.stream().mapToLong(ServiceProcess::cpuNanos).sum();
    }
}
