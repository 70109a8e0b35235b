package io.exceed.feedback.domain.response;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.exceed.defaults.error.Violations;
import io.exceed.feedback.domain.Dimension;
import io.exceed.feedback.domain.Languages;
import io.exceed.feedback.domain.survey.Question;
import io.exceed.feedback.domain.survey.QuestionKind;
import io.exceed.feedback.domain.survey.SurveyVersion;

/** What makes answers, segments and expectation snapshots valid against the survey version answered. */
public final class ResponseRules {

    private static final Pattern SEGMENT_KEY = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final int MAX_SEGMENT_KEYS = 20;
    private static final int MAX_SEGMENT_VALUE = 200;
    private static final int MAX_FREE_TEXT = 5000;

    private ResponseRules() {
    }

    /** Checks every answer against the version; {@code field} is e.g. "response.answers". */
    static List<Answer> checkAnswers(SurveyVersion version, List<Answer> answers, String field, Violations violations) {
        violations.require(!answers.isEmpty(), field, "needs at least one answer");
        Set<String> answered = new HashSet<>();
        List<Answer> normalized = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Answer answer = answers.get(i);
            String at = field + "[" + i + "]";
            Question question = version.question(answer.questionId()).orElse(null);
            if (question == null) {
                violations.add(at + ".question_id", "'" + answer.questionId() + "' is not a question of version "
                        + version.version());
                continue;
            }
            violations.require(answered.add(question.id()), at + ".question_id",
                    "answers question '" + question.id() + "' twice");
            if (question.kind().isScored()) {
                violations.require(answer.score() != null, at + ".score", "is required: question '" + question.id()
                        + "' takes a score");
                violations.require(answer.score() == null || question.kind().inRange(answer.score()), at + ".score",
                        "must be " + question.kind().range() + " for a " + question.kind() + " question");
                normalized.add(new Answer(question.id(), answer.score(), null));
            } else {
                String text = answer.text() == null ? "" : answer.text().strip();
                violations.require(answer.text() != null, at + ".text", "is required: question '" + question.id()
                        + "' takes text");
                violations.require(answer.text() == null
                        || (!text.isEmpty() && text.codePointCount(0, text.length()) <= MAX_FREE_TEXT),
                        at + ".text", "must be 1 to " + MAX_FREE_TEXT + " characters");
                normalized.add(new Answer(question.id(), null, text));
            }
        }
        for (Question question : version.questions()) {
            violations.require(!question.required() || answered.contains(question.id()), field,
                    "required question '" + question.id() + "' is not answered");
        }
        return List.copyOf(normalized);
    }

    /** The language answered in: given (and spoken by the version) or the version's default. */
    static String checkLanguage(SurveyVersion version, String language, String field, Violations violations) {
        if (language == null || language.isBlank()) {
            return version.defaultLanguage();
        }
        String normalized = Languages.normalize(language).orElse(null);
        violations.require(normalized != null, field, "is not a well-formed BCP 47 language tag");
        violations.require(normalized == null || version.speaks(normalized), field,
                "the survey version has no text in '" + normalized + "'");
        return normalized == null ? language : normalized;
    }

    public static Map<String, String> checkSegment(Map<String, String> segment, String field, Violations violations) {
        violations.require(segment.size() <= MAX_SEGMENT_KEYS, field, "at most " + MAX_SEGMENT_KEYS + " attributes");
        Map<String, String> normalized = new LinkedHashMap<>();
        segment.forEach((key, value) -> {
            violations.require(SEGMENT_KEY.matcher(key).matches(), field + "." + key,
                    "key must be 1 to 64 of a-z, 0-9, '_' and '-'");
            String trimmed = value == null ? "" : value.strip();
            violations.require(!trimmed.isEmpty() && trimmed.length() <= MAX_SEGMENT_VALUE, field + "." + key,
                    "value must be 1 to " + MAX_SEGMENT_VALUE + " characters");
            normalized.put(key, trimmed);
        });
        return Map.copyOf(normalized);
    }

    public static List<ExpectedLevel> checkExpectations(List<ExpectedLevel> expectations, String field,
            Violations violations) {
        Set<Dimension> seen = EnumSet.noneOf(Dimension.class);
        for (int i = 0; i < expectations.size(); i++) {
            ExpectedLevel expected = expectations.get(i);
            violations.require(expected.dimension() != null, field + "[" + i + "].dimension", "is required");
            violations.require(expected.dimension() == null || seen.add(expected.dimension()),
                    field + "[" + i + "].dimension", "appears twice");
            violations.require(expected.level() >= 0 && expected.level() <= 100, field + "[" + i + "].level",
                    "must be 0 to 100");
        }
        return List.copyOf(expectations);
    }

    /** Perceived − expected for every rated dimension the customer stated an expectation on. */
    static List<DimensionGap> gaps(SurveyVersion version, List<Answer> answers, List<ExpectedLevel> expectations) {
        Map<Dimension, Integer> expected = new EnumMap<>(Dimension.class);
        expectations.forEach(level -> expected.put(level.dimension(), level.level()));
        List<DimensionGap> gaps = new ArrayList<>();
        for (Answer answer : answers) {
            version.question(answer.questionId())
                    .filter(question -> question.kind() == QuestionKind.DIMENSION_RATING)
                    .filter(question -> expected.containsKey(question.dimension()))
                    .ifPresent(question -> gaps.add(new DimensionGap(question.dimension(), answer.score(),
                            expected.get(question.dimension()))));
        }
        return List.copyOf(gaps);
    }

    static Integer scoreOf(SurveyVersion version, List<Answer> answers, QuestionKind kind) {
        return answers.stream()
                .filter(answer -> version.question(answer.questionId()).map(q -> q.kind() == kind).orElse(false))
                .map(Answer::score)
                .findFirst()
                .orElse(null);
    }
}
