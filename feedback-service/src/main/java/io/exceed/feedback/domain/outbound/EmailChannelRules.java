package io.exceed.feedback.domain.outbound;

import java.util.regex.Pattern;

import io.exceed.defaults.error.Violations;

/**
 * What a tenant's e-mail channel must be before it is stored: each field's fault is named, so a bad
 * configuration is refused when it is set rather than found out by the first e-mail that cannot go.
 */
public final class EmailChannelRules {

    private static final String PREFIX = "email_channel.";
    private static final int MAX_HOST = 253;
    private static final int MAX_ADDRESS = 320;
    private static final int MAX_CREDENTIAL = 256;
    /** A host name (labels of letters, digits and hyphens) or an IPv4 address; IPv6 in brackets. */
    private static final Pattern HOST = Pattern.compile(
            "(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*|\\[[0-9a-f:.]+\\]");

    private EmailChannelRules() {
    }

    /** The channel as it will be stored (trimmed, default port), or the violations thrown. */
    public static EmailChannel check(EmailChannel channel, Violations violations) {
        String host = strip(channel.smtpHost());
        if (host.isEmpty()) {
            violations.add(PREFIX + "smtp_host", "is required");
        } else {
            violations.require(host.length() <= MAX_HOST && HOST.matcher(host).matches(), PREFIX + "smtp_host",
                    "must be a host name or an IP address");
        }
        int port = channel.smtpPort() == 0 ? EmailChannel.SUBMISSION_PORT : channel.smtpPort();
        violations.require(port >= 1 && port <= 65535, PREFIX + "smtp_port", "must be 1 to 65535 (0 means "
                + EmailChannel.SUBMISSION_PORT + ")");
        String username = strip(channel.username());
        String password = channel.password() == null ? "" : channel.password();
        violations.require(username.length() <= MAX_CREDENTIAL, PREFIX + "username",
                "must be at most " + MAX_CREDENTIAL + " characters");
        violations.require(password.length() <= MAX_CREDENTIAL, PREFIX + "password",
                "must be at most " + MAX_CREDENTIAL + " characters");
        violations.require(password.isEmpty() || !username.isEmpty(), PREFIX + "password",
                "requires a username: a password without one is never sent");
        String sender = strip(channel.senderAddress());
        if (sender.isEmpty()) {
            violations.add(PREFIX + "sender_address", "is required");
        } else {
            violations.require(MailAddresses.isValid(sender, MAX_ADDRESS), PREFIX + "sender_address",
                    "must be one e-mail address, e.g. surveys@example.com or \"Example <surveys@example.com>\"");
        }
        String replyTo = strip(channel.replyToAddress());
        violations.require(replyTo.isEmpty() || MailAddresses.isValid(replyTo, MAX_ADDRESS),
                PREFIX + "reply_to_address", "must be one e-mail address, or empty to reply to the sender");
        EmailReminders reminders = channel.reminders() == null ? EmailReminders.DEFAULT : channel.reminders();
        checkReminders(reminders, violations);
        violations.throwIfAny();
        return channel.toBuilder().smtpHost(host).smtpPort(port).username(username)
                .password(password.isEmpty() ? null : password).passwordSet(!password.isEmpty()).senderAddress(sender)
                .replyToAddress(replyTo).reminders(reminders).build();
    }

    private static void checkReminders(EmailReminders reminders, Violations violations) {
        violations.require(reminders.maxReminders() >= 0 && reminders.maxReminders() <= EmailReminders.MAX_REMINDERS,
                PREFIX + "reminders.max_reminders", "must be 0 to " + EmailReminders.MAX_REMINDERS
                        + " (0: no reminders)");
        // A delay is meaningless without reminders, so "none" may leave it 0.
        violations.require(reminders.maxReminders() == 0 ? reminders.delayDays() >= 0
                && reminders.delayDays() <= EmailReminders.MAX_DELAY_DAYS : reminders.delayDays() >= 1
                && reminders.delayDays() <= EmailReminders.MAX_DELAY_DAYS, PREFIX + "reminders.delay_days",
                "must be 1 to " + EmailReminders.MAX_DELAY_DAYS + " days (0 only when max_reminders is 0)");
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
