package io.exceed.followup.config;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import io.exceed.eventing.ScheduledPasses;
import io.exceed.followup.domain.schedule.MilestoneScheduler;
import io.exceed.followup.domain.webhook.WebhookDispatcher;

/**
 * Everything followup-service does by itself, on every replica, at a fixed pace: the milestone scheduler and the
 * webhook dispatcher, each claiming bounded batches under leases, each on its own scheduling thread
 * ({@code spring.task.scheduling.pool.size}), so one's backlog never holds up the other. A full batch runs again at
 * once, so a backlog drains at the store's speed (the dispatcher's also as its receivers answer); a pass that fails
 * is retried by the next.
 */
@Configuration(proxyBeanMethods = false)
public class BackgroundJobs {

    private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);

    private final MilestoneScheduler scheduler;
    private final WebhookDispatcher dispatcher;
    private final Duration dispatchPollInterval;

    BackgroundJobs(MilestoneScheduler scheduler, WebhookDispatcher dispatcher, WebhookProperties webhooks) {
        this.scheduler = scheduler;
        this.dispatcher = dispatcher;
        this.dispatchPollInterval = webhooks.dispatch().pollInterval();
    }

    @Scheduled(fixedDelayString = "${exceed.followup.scheduler.poll-interval}")
    void reachDueMilestones() {
        ScheduledPasses.untilCaughtUp("the follow-up scheduler run", () -> {
            MilestoneScheduler.Run run = scheduler.runOnce();
            if (run.held() > 0) {
                log.warn("{} follow-up(s) not made due: the contact governor could not be asked; each is asked"
                        + " again when its lease expires", run.held());
            }
            return run.full();
        });
    }

    @Scheduled(fixedDelayString = "${exceed.followup.webhooks.dispatch.poll-interval}")
    void sendDueWebhooks() {
        ScheduledPasses.untilCaughtUp("the webhook dispatcher run", () -> {
            WebhookDispatcher.Run run = dispatcher.runOnce();
            run.sent().exceptionally(failure -> {
                log.warn("storing a webhook attempt's outcome failed; the delivery is sent again when its lease ends",
                        failure);
                return null;
            });
            return dispatcher.runAgain(run, dispatchPollInterval);
        });
    }
}
