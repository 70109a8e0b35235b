package io.exceed.feedback;

import io.exceed.common.v1.ServiceDimension;
import io.exceed.feedback.v1.Answer;
import io.exceed.feedback.v1.LocalizedText;
import io.exceed.feedback.v1.Question;
import io.exceed.feedback.v1.QuestionKind;
import io.exceed.feedback.v1.Survey;
import io.exceed.feedback.v1.SurveyPurpose;

/** A valid survey in three languages that each test changes in the one place it is about. */
final class SurveyFixtures {

    private SurveyFixtures() {
    }

    static LocalizedText text(String language, String text) {
        return LocalizedText.newBuilder().setLanguage(language).setText(text).build();
    }

    static Question.Builder nps() {
        return Question.newBuilder().setId("nps").setKind(QuestionKind.QUESTION_KIND_NPS).setRequired(true)
                .addText(text("en", "How likely are you to recommend us to a friend?"))
                .addText(text("sv", "Hur troligt är det att du rekommenderar oss till en vän?"))
                .addText(text("zh-Hans", "您向朋友推荐我们的可能性有多大？"));
    }

    static Question.Builder rating(String id, ServiceDimension dimension) {
        return Question.newBuilder().setId(id).setKind(QuestionKind.QUESTION_KIND_DIMENSION_RATING)
                .setDimension(dimension)
                .addText(text("en", "How did we do on " + dimension.name().toLowerCase() + "?"))
                .addText(text("sv", "Hur gick det med " + dimension.name().toLowerCase() + "?"));
    }

    static Question.Builder comment() {
        return Question.newBuilder().setId("comment").setKind(QuestionKind.QUESTION_KIND_FREE_TEXT)
                .addText(text("en", "Anything else?"))
                .addText(text("sv", "Något mer?"))
                .addText(text("zh-Hans", "还有什么要告诉我们的吗？"));
    }

    static Question.Builder csat() {
        return Question.newBuilder().setId("csat").setKind(QuestionKind.QUESTION_KIND_CSAT)
                .addText(text("en", "How satisfied are you?"));
    }

    static Question.Builder ces() {
        return Question.newBuilder().setId("ces").setKind(QuestionKind.QUESTION_KIND_CES)
                .addText(text("en", "How easy was it?"));
    }

    static Survey.Builder survey() {
        return Survey.newBuilder()
                .setTitle("After delivery")
                .setPurpose(SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL)
                .setDefaultLanguage("en")
                .addQuestions(nps())
                .addQuestions(csat())
                .addQuestions(ces())
                .addQuestions(rating("reliability", ServiceDimension.SERVICE_DIMENSION_RELIABILITY))
                .addQuestions(rating("courtesy", ServiceDimension.SERVICE_DIMENSION_COURTESY))
                .addQuestions(comment());
    }

    static Answer score(String questionId, int score) {
        return Answer.newBuilder().setQuestionId(questionId).setScore(score).build();
    }

    static Answer freeText(String questionId, String text) {
        return Answer.newBuilder().setQuestionId(questionId).setText(text).build();
    }
}
