package io.exceed.feedback.domain.response;

/** One answer: a score for scored questions, text for free-text ones (the other is null). */
public record Answer(String questionId, Integer score, String text) {
}
