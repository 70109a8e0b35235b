package io.exceed.feedback.domain.outbound;

import java.time.Instant;

/**
 * A tenant's SMTP server and the addresses its e-mails go out from. {@code password} is the plain text only on
 * the way in (an update) and on the way to the SMTP server; it is stored encrypted and never shown.
 *
 * @param smtpPort         1 to 65535
 * @param starttlsRequired refuse to send unless the server upgrades the connection with STARTTLS
 * @param username         empty: no authentication
 * @param passwordSet      whether a password is stored
 * @param replyToAddress   empty: replies go to the sender
 * @param reminders        null on the way in: the default
 */
public record EmailChannel(String smtpHost, int smtpPort, boolean starttlsRequired, String username, String password,
        boolean passwordSet, String senderAddress, String replyToAddress, EmailReminders reminders,
        Instant updateTime) {

    /** The SMTP submission port, used when an update names none. */
    public static final int SUBMISSION_PORT = 587;

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().smtpHost(smtpHost).smtpPort(smtpPort).starttlsRequired(starttlsRequired).username(username)
                .password(password).passwordSet(passwordSet).senderAddress(senderAddress)
                .replyToAddress(replyToAddress).reminders(reminders).updateTime(updateTime);
    }

    public boolean authenticates() {
        return username != null && !username.isEmpty();
    }

    /** The channel as shown: everything but the password. */
    public EmailChannel withoutPassword() {
        return toBuilder().password(null).build();
    }

    /** A channel built field by field, by name: the record is too wide to build positionally. */
    public static final class Builder {
        private String smtpHost;
        private int smtpPort;
        private boolean starttlsRequired;
        private String username;
        private String password;
        private boolean passwordSet;
        private String senderAddress;
        private String replyToAddress;
        private EmailReminders reminders;
        private Instant updateTime;

        private Builder() {
        }

        public Builder smtpHost(String value) { smtpHost = value; return this; }
        public Builder smtpPort(int value) { smtpPort = value; return this; }
        public Builder starttlsRequired(boolean value) { starttlsRequired = value; return this; }
        public Builder username(String value) { username = value; return this; }
        public Builder password(String value) { password = value; return this; }
        public Builder passwordSet(boolean value) { passwordSet = value; return this; }
        public Builder senderAddress(String value) { senderAddress = value; return this; }
        public Builder replyToAddress(String value) { replyToAddress = value; return this; }
        public Builder reminders(EmailReminders value) { reminders = value; return this; }
        public Builder updateTime(Instant value) { updateTime = value; return this; }

        public EmailChannel build() {
            return new EmailChannel(smtpHost, smtpPort, starttlsRequired, username, password, passwordSet,
                    senderAddress, replyToAddress, reminders, updateTime);
        }
    }
}
