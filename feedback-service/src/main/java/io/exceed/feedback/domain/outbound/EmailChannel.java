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
 */
public record EmailChannel(String smtpHost, int smtpPort, boolean starttlsRequired, String username, String password,
        boolean passwordSet, String senderAddress, String replyToAddress, Instant updateTime) {

    /** The SMTP submission port, used when an update names none. */
    public static final int SUBMISSION_PORT = 587;

    public boolean authenticates() {
        return username != null && !username.isEmpty();
    }

    /** The channel as shown: everything but the password. */
    public EmailChannel withoutPassword() {
        return new EmailChannel(smtpHost, smtpPort, starttlsRequired, username, null, passwordSet, senderAddress,
                replyToAddress, updateTime);
    }
}
