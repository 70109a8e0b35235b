package io.exceed.feedback.domain.complaint;

import java.time.Instant;

/** The thank-you a complainant got, and in which language. */
public record Acknowledgement(String message, String language, Instant time) {
}
