package io.exceed.feedback.domain.survey;

/** Draft until first published; archived surveys send no new invitations. */
public enum SurveyState {
    DRAFT, PUBLISHED, ARCHIVED
}
