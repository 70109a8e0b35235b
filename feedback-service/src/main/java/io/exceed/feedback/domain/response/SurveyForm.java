package io.exceed.feedback.domain.response;

import java.time.Instant;
import java.util.List;

import io.exceed.feedback.domain.survey.QuestionKind;

/** What a respondent sees: the questions of the invited version, in one language. */
public record SurveyForm(String language, List<Item> questions, Instant expireTime) {

    /** One question with its text in the form's language (or the survey's default where it lacks one). */
    public record Item(String id, QuestionKind kind, String text, boolean required) {
    }
}
