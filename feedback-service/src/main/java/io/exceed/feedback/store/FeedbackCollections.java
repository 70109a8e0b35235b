package io.exceed.feedback.store;

/**
 * The collections feedback-service owns. Every document carries {@code tenant}, and every index a query
 * uses starts with it. Documents that record a state change others react to carry the events it causes
 * in an {@link Outbox} array, written in the same update (no transactions needed); the relay moves them
 * into {@link #FEEDBACK_EVENTS}.
 */
public final class FeedbackCollections {

    /**
     * Surveys: the draft ({@code title, purpose, defaultLanguage, questions[]}) and the immutable published
     * versions embedded in {@code versions[]}, so publishing is one atomic write.
     */
    public static final String SURVEYS = "surveys";

    /** Invitations; {@code tokenHash} (SHA-256 of the token, hex) is unique across tenants. */
    public static final String INVITATIONS = "invitations";

    /**
     * Responses: {@code _id, tenant, surveyId, surveyVersion, customerId, invitationId, source, language,
     * answers[{questionId, score, text}], nps, csat, ces (the score of the survey's one
     * question of that kind, or null), gaps[{dimension, perceived, expected, gap}],
     * expectations[{dimension, level}], segment{key: value}, submitTime, recordTime, outbox[]}. Enum values
     * are stored as their names without prefix ("NPS", "RELIABILITY").
     */
    public static final String RESPONSES = "responses";

    /**
     * Complaints: {@code _id, tenant, customerId, channel, category, categoryKey (trimmed, lower case),
     * severity, text, language, orderReference, state ("OPEN", "ACKNOWLEDGED", "RESOLVED", "CLOSED"),
     * acknowledgement{message, language, time}, resolution{remedyKind, remedyDescription, rootCause,
     * preventionAction, noSystemicCauseReason, resolvedBy, resolveTime}, reopenCount, revision, createTime,
     * updateTime, closeTime, outbox[]}.
     */
    public static final String COMPLAINTS = "complaints";

    /** The tenant's event feed: relayed events with their {@code sequence}, unique per tenant. */
    public static final String FEEDBACK_EVENTS = "feedback_events";

    /** One document per tenant holding the last sequence handed out. */
    public static final String FEEDBACK_EVENT_SEQUENCES = "feedback_event_sequences";

    /** Per consumer and tenant: how far the feed has been delivered, and when to retry after a failure. */
    public static final String FEED_DELIVERIES = "feed_deliveries";

    /**
     * Recovery surveys after resolved complaints: {@code _id (tenant:complaintId:eventId), tenant, recoveryId,
     * complaintId, customerId, language, dueTime, state ("PENDING", "ISSUED", "SKIPPED"), invitationId,
     * skipReason} and a lease while a replica issues one.
     */
    public static final String RECOVERY_SURVEYS = "recovery_surveys";

    private FeedbackCollections() {
    }
}
