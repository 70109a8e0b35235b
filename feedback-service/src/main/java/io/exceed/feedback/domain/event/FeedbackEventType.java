package io.exceed.feedback.domain.event;

/** What happened, for the consumers of the feedback event feed. */
public enum FeedbackEventType {
    RESPONSE_RECEIVED,
    DETRACTOR_RECEIVED,
    COMPLAINT_OPENED,
    COMPLAINT_RESOLVED
}
