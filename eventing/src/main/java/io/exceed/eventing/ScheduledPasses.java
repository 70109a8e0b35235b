package io.exceed.eventing;

import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a scheduled job runs a pass of relaying, delivering or claiming: a pass that fails is logged and left to the
 * next scheduled one (everything it did not finish is still in the store), so one failure never stops the job.
 */
public final class ScheduledPasses {

    private static final Logger log = LoggerFactory.getLogger(ScheduledPasses.class);

    private ScheduledPasses() {
    }

    /** One pass of {@code what}. */
    public static void once(String what, Runnable pass) {
        try {
            pass.run();
        } catch (RuntimeException e) {
            log.warn("{} failed; the next run retries", what, e);
        }
    }

    /** Passes of {@code what} while each fills its batch, so a backlog drains at the store's pace. */
    public static void untilCaughtUp(String what, BooleanSupplier passFilledItsBatch) {
        once(what, () -> {
            boolean backlog = true;
            while (backlog) {
                backlog = passFilledItsBatch.getAsBoolean();
            }
        });
    }
}
