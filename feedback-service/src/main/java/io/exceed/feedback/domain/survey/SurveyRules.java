package io.exceed.feedback.domain.survey;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.exceed.defaults.error.Violations;
import io.exceed.feedback.domain.Dimension;
import io.exceed.feedback.domain.Languages;

/**
 * What makes a survey draft valid. Scores are comparable across responses only if a survey asks each of NPS,
 * CSAT and CES at most once and rates each dimension at most once, so that is a rule too.
 */
public final class SurveyRules {

    static final Pattern QUESTION_ID = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final int MAX_TITLE = 200;
    private static final int MAX_QUESTIONS = 50;
    private static final int MAX_TEXT = 1000;

    private SurveyRules() {
    }

    /** The draft with languages normalised and text trimmed, each problem recorded under {@code prefix}. */
    static Survey normalizeDraft(Survey draft, String prefix, Violations violations) {
        String title = draft.title() == null ? "" : draft.title().strip();
        violations.require(!title.isEmpty() && title.codePointCount(0, title.length()) <= MAX_TITLE,
                prefix + "title", "must be 1 to " + MAX_TITLE + " characters");
        violations.require(draft.purpose() != null, prefix + "purpose", "is required");
        String defaultLanguage = Languages.normalize(draft.defaultLanguage()).orElse(null);
        violations.require(defaultLanguage != null, prefix + "default_language",
                "is required: a well-formed BCP 47 language tag such as en, sv or zh-Hans");
        List<Question> questions = draft.questions();
        violations.require(!questions.isEmpty() && questions.size() <= MAX_QUESTIONS, prefix + "questions",
                "must hold 1 to " + MAX_QUESTIONS + " questions");
        Set<String> ids = new HashSet<>();
        Set<QuestionKind> singleKinds = EnumSet.noneOf(QuestionKind.class);
        Set<Dimension> ratedDimensions = EnumSet.noneOf(Dimension.class);
        List<Question> normalized = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            Question question = questions.get(i);
            String at = prefix + "questions[" + i + "].";
            violations.require(question.id() != null && QUESTION_ID.matcher(question.id()).matches(), at + "id",
                    "must be 1 to 64 of a-z, 0-9, '_' and '-'");
            violations.require(ids.add(question.id()), at + "id", "repeats question id '" + question.id() + "'");
            QuestionKind kind = question.kind();
            violations.require(kind != null, at + "kind", "is required");
            if (kind == QuestionKind.DIMENSION_RATING) {
                violations.require(question.dimension() != null, at + "dimension", "is required for a dimension rating");
                violations.require(question.dimension() == null || ratedDimensions.add(question.dimension()),
                        at + "dimension", "is already rated by another question");
            } else {
                violations.require(question.dimension() == null, at + "dimension",
                        "must be unset unless the kind is DIMENSION_RATING");
                violations.require(kind == null || kind == QuestionKind.FREE_TEXT || singleKinds.add(kind), at + "kind",
                        "a survey asks " + kind + " at most once");
            }
            normalized.add(new Question(question.id(), kind, question.dimension(),
                    normalizeText(question.text(), defaultLanguage, at + "text", violations), question.required()));
        }
        return draft.toBuilder().title(title).defaultLanguage(defaultLanguage).questions(List.copyOf(normalized))
                .build();
    }

    private static List<LocalizedText> normalizeText(List<LocalizedText> texts, String defaultLanguage, String field,
            Violations violations) {
        List<LocalizedText> normalized = new ArrayList<>();
        Set<String> languages = new HashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            LocalizedText text = texts.get(i);
            String language = Languages.normalize(text.language()).orElse(null);
            violations.require(language != null, field + "[" + i + "].language",
                    "is not a well-formed BCP 47 language tag");
            violations.require(language == null || languages.add(language), field + "[" + i + "].language",
                    "repeats language '" + language + "'");
            String value = text.text() == null ? "" : text.text().strip();
            violations.require(!value.isEmpty() && value.codePointCount(0, value.length()) <= MAX_TEXT,
                    field + "[" + i + "].text", "must be 1 to " + MAX_TEXT + " characters");
            normalized.add(new LocalizedText(language, value));
        }
        violations.require(defaultLanguage == null || languages.contains(defaultLanguage), field,
                "needs a text in the survey's default language '" + defaultLanguage + "'");
        return List.copyOf(normalized);
    }
}
