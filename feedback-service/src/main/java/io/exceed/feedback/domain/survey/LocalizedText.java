package io.exceed.feedback.domain.survey;

/** Text in one language (a BCP 47 tag, normalised once validated). */
public record LocalizedText(String language, String text) {
}
