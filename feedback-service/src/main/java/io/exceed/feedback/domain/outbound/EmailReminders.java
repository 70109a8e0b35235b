package io.exceed.feedback.domain.outbound;

import java.time.Duration;

/**
 * When a customer who has not answered an e-mailed invitation is reminded: {@code delayDays} after the invitation
 * (or the reminder before) was sent, at most {@code maxReminders} times, and only while the invitation is pending.
 */
public record EmailReminders(int delayDays, int maxReminders) {

    /** One nudge after three days: enough for most who meant to answer, and no more than a courtesy. */
    public static final EmailReminders DEFAULT = new EmailReminders(3, 1);
    public static final int MAX_DELAY_DAYS = 30;
    public static final int MAX_REMINDERS = 5;

    public Duration delay() {
        return Duration.ofDays(delayDays);
    }

    /** Whether reminder number {@code number} (from 1) is allowed at all. */
    public boolean allows(int number) {
        return number <= maxReminders;
    }
}
