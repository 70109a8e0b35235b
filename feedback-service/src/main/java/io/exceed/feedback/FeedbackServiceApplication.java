package io.exceed.feedback;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** feedback-service: surveys, invitations, responses, complaints, scores and the feedback event feed. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FeedbackServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(FeedbackServiceApplication.class, args);
    }
}
