package io.exceed.feedback.domain.outbound;

import java.time.Instant;

/** Hands a text to the tenant's SMS provider account. */
public interface SmsTransport {

    /** Never throws for a failed delivery: the outcome says whether to retry. */
    Outcome send(SmsChannel channel, Sms sms);

    /** A text, already rendered; {@code to} is E.164. */
    record Sms(String to, String body) {
    }

    /** What became of one attempt. */
    sealed interface Outcome {
    }

    /** The provider took it; {@code providerId} is its id there (Twilio's message SID). */
    record Accepted(String providerId) implements Outcome {
    }

    /**
     * Worth trying again later: the provider rate-limited or failed (429, 5xx), could not be reached or did not
     * answer in time, or refused the account's credentials (the tenant can fix the channel).
     *
     * @param notBefore the earliest next attempt the provider asked for (Retry-After); null when it named none
     */
    record TemporaryFailure(String reason, Instant notBefore) implements Outcome {
    }

    /** Never worth trying again; {@code cause} says what else follows from it. */
    record PermanentFailure(String reason, Cause cause) implements Outcome {
    }

    /** Why a text was refused for good, as far as it concerns the customer. */
    enum Cause {
        /** The number itself cannot take texts (invalid, not a mobile number): no later text should go there. */
        NUMBER_UNDELIVERABLE,
        /** The recipient replied STOP to this sender: their consent to texts is withdrawn here too. */
        RECIPIENT_OPTED_OUT,
        /**
         * This text was refused for a reason that need not be the number's (the sender's account, number or region,
         * the content, a code not known here): the number is left as it is.
         */
        MESSAGE_REFUSED
    }
}
