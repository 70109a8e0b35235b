package io.exceed.feedback.api;

import java.time.Instant;
import java.util.List;

import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.error.Violations;
import io.exceed.feedback.domain.Dimension;
import io.exceed.feedback.domain.response.Answer;
import io.exceed.feedback.domain.response.Channel;
import io.exceed.feedback.domain.response.DimensionGap;
import io.exceed.feedback.domain.response.ExpectedLevel;
import io.exceed.feedback.domain.response.Invitation;
import io.exceed.feedback.domain.response.InvitationState;
import io.exceed.feedback.domain.response.Response;
import io.exceed.feedback.domain.response.ResponseSource;
import io.exceed.feedback.domain.survey.LocalizedText;
import io.exceed.feedback.domain.survey.Question;
import io.exceed.feedback.domain.survey.QuestionKind;
import io.exceed.feedback.domain.survey.Survey;
import io.exceed.feedback.domain.survey.SurveyPurpose;
import io.exceed.feedback.domain.survey.SurveyState;
import io.exceed.feedback.domain.survey.SurveyVersion;
import io.exceed.feedback.v1.Answer.ValueCase;

/** Survey and response messages to the domain and back. Unset enums map to null, which the domain reports. */
final class SurveyMapper {

    static final ProtoEnums<io.exceed.feedback.v1.SurveyPurpose, SurveyPurpose> PURPOSES = new ProtoEnums<>(
            SurveyPurpose.class, "SURVEY_PURPOSE_", io.exceed.feedback.v1.SurveyPurpose.getDescriptor(),
            io.exceed.feedback.v1.SurveyPurpose::valueOf);
    static final ProtoEnums<io.exceed.feedback.v1.SurveyState, SurveyState> STATES = new ProtoEnums<>(
            SurveyState.class, "SURVEY_STATE_", io.exceed.feedback.v1.SurveyState.getDescriptor(),
            io.exceed.feedback.v1.SurveyState::valueOf);
    static final ProtoEnums<io.exceed.feedback.v1.QuestionKind, QuestionKind> KINDS = new ProtoEnums<>(
            QuestionKind.class, "QUESTION_KIND_", io.exceed.feedback.v1.QuestionKind.getDescriptor(),
            io.exceed.feedback.v1.QuestionKind::valueOf);
    static final ProtoEnums<io.exceed.common.v1.ServiceDimension, Dimension> DIMENSIONS = new ProtoEnums<>(
            Dimension.class, "SERVICE_DIMENSION_", io.exceed.common.v1.ServiceDimension.getDescriptor(),
            io.exceed.common.v1.ServiceDimension::valueOf);
    static final ProtoEnums<io.exceed.feedback.v1.ResponseSource, ResponseSource> SOURCES = new ProtoEnums<>(
            ResponseSource.class, "RESPONSE_SOURCE_", io.exceed.feedback.v1.ResponseSource.getDescriptor(),
            io.exceed.feedback.v1.ResponseSource::valueOf);

    static final ProtoEnums<io.exceed.common.v1.ContactChannel, Channel> CHANNELS = new ProtoEnums<>(
            Channel.class, "CONTACT_CHANNEL_", io.exceed.common.v1.ContactChannel.getDescriptor(),
            io.exceed.common.v1.ContactChannel::valueOf);
    static final ProtoEnums<io.exceed.feedback.v1.InvitationState, InvitationState> INVITATION_STATES =
            new ProtoEnums<>(InvitationState.class, "INVITATION_STATE_",
                    io.exceed.feedback.v1.InvitationState.getDescriptor(), io.exceed.feedback.v1.InvitationState::valueOf);

    private SurveyMapper() {
    }

    /** The writable fields of an invitation. */
    static Invitation draft(io.exceed.feedback.v1.Invitation proto, Violations violations) {
        return Invitation.builder().surveyId(proto.getSurveyId()).customerId(proto.getCustomerId())
                .channel(CHANNELS.toDomain(proto.getChannel())).language(proto.getLanguage())
                .segment(proto.getSegmentMap()).expectations(expectations(proto.getExpectationsList()))
                .expireTime(proto.hasExpireTime()
                        ? ProtoTimes.instant(proto.getExpireTime(), "invitation.expire_time", violations) : null)
                .build();
    }

    static io.exceed.feedback.v1.Invitation toProto(Invitation invitation, Instant now) {
        io.exceed.feedback.v1.Invitation.Builder proto = io.exceed.feedback.v1.Invitation.newBuilder()
                .setId(invitation.id())
                .setSurveyId(invitation.surveyId())
                .setSurveyVersion(invitation.surveyVersion())
                .setCustomerId(invitation.customerId())
                .setChannel(CHANNELS.toProto(invitation.channel()))
                .setLanguage(invitation.language())
                .putAllSegment(invitation.segment())
                .addAllExpectations(invitation.expectations().stream().map(SurveyMapper::toProto).toList())
                .setState(INVITATION_STATES.toProto(invitation.stateAt(now)))
                .setExpireTime(ProtoTimes.timestamp(invitation.expireTime()))
                .setCreateTime(ProtoTimes.timestamp(invitation.createTime()));
        if (invitation.responseId() != null) {
            proto.setResponseId(invitation.responseId());
        }
        return proto.build();
    }

    private static io.exceed.feedback.v1.ExpectedLevel toProto(ExpectedLevel level) {
        return io.exceed.feedback.v1.ExpectedLevel.newBuilder().setDimension(DIMENSIONS.toProto(level.dimension()))
                .setLevel(level.level()).build();
    }

    /** The writable fields of a survey; output-only fields are ignored. */
    static Survey draft(io.exceed.feedback.v1.Survey proto) {
        return Survey.builder().id(proto.getId()).title(proto.getTitle()).purpose(PURPOSES.toDomain(proto.getPurpose()))
                .defaultLanguage(proto.getDefaultLanguage())
                .questions(proto.getQuestionsList().stream().map(SurveyMapper::question).toList()).build();
    }

    private static Question question(io.exceed.feedback.v1.Question proto) {
        return new Question(proto.getId(), KINDS.toDomain(proto.getKind()), DIMENSIONS.toDomain(proto.getDimension()),
                proto.getTextList().stream().map(text -> new LocalizedText(text.getLanguage(), text.getText())).toList(),
                proto.getRequired());
    }

    static io.exceed.feedback.v1.Survey toProto(Survey survey) {
        return io.exceed.feedback.v1.Survey.newBuilder()
                .setId(survey.id())
                .setTitle(survey.title())
                .setPurpose(PURPOSES.toProto(survey.purpose()))
                .setDefaultLanguage(survey.defaultLanguage())
                .addAllQuestions(survey.questions().stream().map(SurveyMapper::toProto).toList())
                .setState(STATES.toProto(survey.state()))
                .setLatestVersion(survey.latestVersion())
                .setRevision(survey.revision())
                .setCreateTime(ProtoTimes.timestamp(survey.createTime()))
                .setUpdateTime(ProtoTimes.timestamp(survey.updateTime()))
                .build();
    }

    static io.exceed.feedback.v1.SurveyVersion toProto(SurveyVersion version) {
        return io.exceed.feedback.v1.SurveyVersion.newBuilder()
                .setSurveyId(version.surveyId())
                .setVersion(version.version())
                .setTitle(version.title())
                .setPurpose(PURPOSES.toProto(version.purpose()))
                .setDefaultLanguage(version.defaultLanguage())
                .addAllQuestions(version.questions().stream().map(SurveyMapper::toProto).toList())
                .setPublishTime(ProtoTimes.timestamp(version.publishTime()))
                .build();
    }

    private static io.exceed.feedback.v1.Question toProto(Question question) {
        io.exceed.feedback.v1.Question.Builder proto = io.exceed.feedback.v1.Question.newBuilder()
                .setId(question.id())
                .setKind(KINDS.toProto(question.kind()))
                .setRequired(question.required())
                .addAllText(question.text().stream().map(text -> io.exceed.feedback.v1.LocalizedText.newBuilder()
                        .setLanguage(text.language()).setText(text.text()).build()).toList());
        if (question.dimension() != null) {
            proto.setDimension(DIMENSIONS.toProto(question.dimension()));
        }
        return proto.build();
    }

    /** The writable fields of a response an integrator submits. */
    static Response draft(io.exceed.feedback.v1.Response proto, String prefix, Violations violations) {
        return Response.builder().surveyId(proto.getSurveyId()).surveyVersion(proto.getSurveyVersion())
                .customerId(proto.getCustomerId()).language(proto.getLanguage())
                .answers(answers(proto.getAnswersList())).segment(proto.getSegmentMap())
                .expectations(expectations(proto.getExpectationsList()))
                .submitTime(proto.hasSubmitTime()
                        ? ProtoTimes.instant(proto.getSubmitTime(), prefix + "submit_time", violations) : null)
                .build();
    }

    static List<Answer> answers(List<io.exceed.feedback.v1.Answer> answers) {
        return answers.stream().map(answer -> new Answer(answer.getQuestionId(),
                answer.getValueCase() == ValueCase.SCORE ? answer.getScore() : null,
                answer.getValueCase() == ValueCase.TEXT ? answer.getText() : null)).toList();
    }

    static List<ExpectedLevel> expectations(List<io.exceed.feedback.v1.ExpectedLevel> levels) {
        return levels.stream().map(level -> new ExpectedLevel(DIMENSIONS.toDomain(level.getDimension()),
                level.getLevel())).toList();
    }

    static io.exceed.feedback.v1.Response toProto(Response response) {
        io.exceed.feedback.v1.Response.Builder proto = io.exceed.feedback.v1.Response.newBuilder()
                .setId(response.id())
                .setSurveyId(response.surveyId())
                .setSurveyVersion(response.surveyVersion())
                .setCustomerId(response.customerId())
                .setSource(SOURCES.toProto(response.source()))
                .setLanguage(response.language())
                .putAllSegment(response.segment())
                .setSubmitTime(ProtoTimes.timestamp(response.submitTime()))
                .setRecordTime(ProtoTimes.timestamp(response.recordTime()));
        if (response.invitationId() != null) {
            proto.setInvitationId(response.invitationId());
        }
        for (Answer answer : response.answers()) {
            io.exceed.feedback.v1.Answer.Builder value = io.exceed.feedback.v1.Answer.newBuilder()
                    .setQuestionId(answer.questionId());
            if (answer.score() != null) {
                value.setScore(answer.score());
            } else {
                value.setText(answer.text());
            }
            proto.addAnswers(value);
        }
        response.expectations().forEach(level -> proto.addExpectations(toProto(level)));
        for (DimensionGap gap : response.gaps()) {
            proto.addGaps(io.exceed.feedback.v1.DimensionGap.newBuilder()
                    .setDimension(DIMENSIONS.toProto(gap.dimension()))
                    .setPerceived(gap.perceived()).setExpected(gap.expected()).setGap(gap.gap()));
        }
        return proto.build();
    }
}
