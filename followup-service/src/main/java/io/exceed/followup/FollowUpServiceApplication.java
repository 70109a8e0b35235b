package io.exceed.followup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** followup-service: follow-ups, playbooks, the promise ledger, escalation, the scheduler and webhooks. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FollowUpServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(FollowUpServiceApplication.class, args);
    }
}
