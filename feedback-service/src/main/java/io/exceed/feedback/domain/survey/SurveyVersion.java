package io.exceed.feedback.domain.survey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A published version of a survey; it never changes, so answers given to it stay meaningful. */
public record SurveyVersion(String surveyId, int version, String title, SurveyPurpose purpose, String defaultLanguage,
        List<Question> questions, Instant publishTime) {

    public Optional<Question> question(String id) {
        return questions.stream().filter(question -> question.id().equals(id)).findFirst();
    }

    /** Whether any question has text in {@code language} (a normalised tag). */
    public boolean speaks(String language) {
        return questions.stream().anyMatch(question -> question.textIn(language).isPresent());
    }
}
