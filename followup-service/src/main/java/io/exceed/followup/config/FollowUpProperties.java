package io.exceed.followup.config;

import java.time.LocalTime;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.exceed.followup.domain.playbook.Money;

/**
 * followup-service settings ({@code exceed.followup.*}); the defaults and their reasons are in application.yaml.
 *
 * @param defaultQuietHours local quiet hours for a contact window that names none
 * @param playbooks         what the shipped default playbooks are installed with
 */
@ConfigurationProperties("exceed.followup")
public record FollowUpProperties(QuietHours defaultQuietHours, Playbooks playbooks) {

    /** Local quiet hours, e.g. 21:00 to 08:00. */
    public record QuietHours(LocalTime start, LocalTime end) {
    }

    /**
     * @param largeOrderThreshold     the order value from which the "large order" default fires
     * @param defaultCalendarTimeZone the zone of the default retention playbook's office hours
     */
    public record Playbooks(Money largeOrderThreshold, ZoneId defaultCalendarTimeZone) {
    }
}
