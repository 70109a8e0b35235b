package io.exceed.feedback.domain.outbound;

/** Hands an e-mail to the tenant's SMTP server. */
public interface MailTransport {

    /** Never throws for a failed delivery: the outcome says whether to retry. */
    Outcome send(EmailChannel channel, Mail mail);

    /**
     * An e-mail, already rendered.
     *
     * @param unsubscribeLink the one-click unsubscribe URL (RFC 8058) for the List-Unsubscribe header
     */
    record Mail(String messageIdHeader, String to, String subject, String text, String html, String language,
            String unsubscribeLink) {
    }

    /** What became of one attempt. */
    sealed interface Outcome {
    }

    /** The server accepted it. */
    record Accepted() implements Outcome {
    }

    /** Worth trying again later: SMTP 4xx, the server unreachable, a timeout. */
    record TemporaryFailure(String reason) implements Outcome {
    }

    /** Never worth trying again: SMTP 5xx (an unknown mailbox, a refused sender). */
    record PermanentFailure(String reason) implements Outcome {
    }
}
