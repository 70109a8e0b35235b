package io.exceed.followup.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import io.exceed.followup.domain.schedule.MilestoneScheduler;

/**
 * Runs the milestone scheduler on every replica at a fixed pace. A full batch runs again at once, so a backlog
 * drains at the store's speed; a failed run is retried by the next one.
 */
public class SchedulerRunner {

    private static final Logger log = LoggerFactory.getLogger(SchedulerRunner.class);

    private final MilestoneScheduler scheduler;

    public SchedulerRunner(MilestoneScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Scheduled(fixedDelayString = "${exceed.followup.scheduler.poll-interval}")
    void run() {
        try {
            boolean backlog = true;
            while (backlog) {
                MilestoneScheduler.Run run = scheduler.runOnce();
                if (run.held() > 0) {
                    log.warn("{} follow-up(s) not made due: the contact governor could not be asked; each is asked"
                            + " again when its lease expires", run.held());
                }
                backlog = run.full();
            }
        } catch (RuntimeException e) {
            log.warn("the follow-up scheduler run failed; the next run retries", e);
        }
    }
}
