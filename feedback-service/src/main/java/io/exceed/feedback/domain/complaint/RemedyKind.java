package io.exceed.feedback.domain.complaint;

/** What a complainant got to put things right for them. */
public enum RemedyKind {
    REFUND, REPLACEMENT, REPAIR, APOLOGY, GOODWILL_GESTURE, CREDIT, OTHER
}
