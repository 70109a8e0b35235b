package io.exceed.feedback.domain.response;

import java.util.List;

import io.exceed.feedback.domain.survey.SurveyVersion;

/** Record the answers a respondent gave through the invitation's link, in this language, to the version it sent. */
public record AnswerInvitation(Invitation invitation, SurveyVersion version, String language, List<Answer> answers) {
}
