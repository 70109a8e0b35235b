package io.exceed.feedback.domain.response;

import io.exceed.feedback.domain.survey.SurveyPurpose;

/**
 * Why the customer is contacted, as the contact governor is told: a survey's purpose, or a complaint's
 * acknowledgement. Recovery and acknowledgement may exceed the contact budget (never consent).
 */
public enum ContactPurpose {
    RELATIONSHIP,
    TRANSACTIONAL,
    RECOVERY,
    COMPLAINT_ACKNOWLEDGEMENT;

    /** The constants of a survey's purpose share its names, so a stored purpose reads as either. */
    public static ContactPurpose of(SurveyPurpose purpose) {
        return valueOf(purpose.name());
    }
}
