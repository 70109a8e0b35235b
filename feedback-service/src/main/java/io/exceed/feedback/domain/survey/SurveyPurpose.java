package io.exceed.feedback.domain.survey;

/** Why a survey is sent, which decides the contact rules that apply. */
public enum SurveyPurpose {
    /** Periodic; held while the customer has an open complaint. */
    RELATIONSHIP,
    TRANSACTIONAL,
    /** After a complaint was resolved; may exceed the contact budget, never consent. */
    RECOVERY
}
