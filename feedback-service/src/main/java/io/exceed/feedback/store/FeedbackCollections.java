package io.exceed.feedback.store;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.Feed;
import io.exceed.eventing.FeedDelivery;
import io.exceed.eventing.IdempotentInsert;
import io.exceed.eventing.Leases;

/**
 * The collections feedback-service owns, and every index it needs. Every document carries {@code tenant}, and every
 * index a query uses starts with it. Documents that record a state change others react to carry the events it causes
 * in an outbox array, written in the same update (no transactions needed); the relay moves them into
 * {@link #FEEDBACK_EVENTS} ({@link MongoEventFeed}).
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
     * expectations[{dimension, level}], segment{key: value}, submitTime, recordTime, outbox[], rollup ("pending"
     * until folded into its rollup), rollupShard (the shard of the rollup it is folded into)}. Enum values are stored as their names without prefix ("NPS", "RELIABILITY").
     */
    public static final String RESPONSES = "responses";

    /**
     * Per-day rollups of responses in shards ({@link MongoRollups}): {@code _id (tenant:day:hash of survey and
     * segment:shard),
     * tenant, day (UTC midnight), surveyId, segment{key: value}, earliest, latest (submit times), responses,
     * nps{s0..s10}, csat{s1..s5}, ces{s1..s7} (answers per score), gaps{DIMENSION: {n, perceived, expected, gap,
     * exceeded}}, drivers{DIMENSION: {n, x, y, xx, yy, xy}} (gap x against NPS y), version, last} (the
     * response the shard took last: its mark may not be cleared yet).
     */
    public static final String RESPONSE_ROLLUPS = "response_rollups";

    /**
     * Per tenant, UTC day and customer, what the rescue rate needs ({@link MongoRollups}): {@code _id
     * (tenant:day:customer), tenant, day, customer (a one-way key of the customer), earliest, latest (the day's NPS
     * answers' submit times), firstDetractor (first answer 0-6), lastGood (last answer 7-10)}.
     */
    public static final String RECOVERY_ROLLUPS = "recovery_rollups";

    /**
     * Complaints: {@code _id, tenant, customerId, channel, category, categoryKey (trimmed, lower case),
     * severity, text, language, orderReference, state ("OPEN", "ACKNOWLEDGED", "RESOLVED", "CLOSED"),
     * acknowledgement{message, language, time}, resolution{remedyKind, remedyDescription, rootCause,
     * preventionAction, noSystemicCauseReason, resolvedBy, resolveTime}, reopenCount, revision, createTime,
     * updateTime, closeTime, outbox[], rollup ("pending" until its latest write is folded into its rollup),
     * rolledUp{complaints, resolved, prevented} (what its rollup counts for it), rolledUpRevision (the revision
     * that is; -1 before its first fold)}.
     */
    public static final String COMPLAINTS = "complaints";

    /**
     * Per-day rollups of complaints in shards ({@link ComplaintRollups}): {@code _id (tenant:day:shard), tenant, day
     * (UTC midnight), earliest, latest (receive times), complaints, resolved (resolved or closed), prevented (of
     * those, with a prevention action), categories{one-way key of the category key: {n, first (the first complaint's
     * id, NUL, its category)}}, version, last} (the complaint write the shard took last: it may not be settled yet).
     */
    public static final String COMPLAINT_ROLLUPS = "complaint_rollups";

    /** The tenant's event feed: relayed events with their {@code sequence}, unique per tenant. */
    public static final String FEEDBACK_EVENTS = "feedback_events";

    /** One document per tenant holding the last sequence handed out. */
    public static final String FEEDBACK_EVENT_SEQUENCES = "feedback_event_sequences";

    /** Per consumer and tenant: how far the feed has been delivered, and when to retry after a failure. */
    public static final String FEED_DELIVERIES = "feed_deliveries";

    /** Events a consumer refused for good, until a retry succeeds. */
    public static final String DEAD_LETTERS = "dead_letters";

    /**
     * Recovery surveys after resolved complaints: {@code _id (tenant:complaintId:eventId), tenant, recoveryId,
     * complaintId, customerId, language, dueTime, state ("PENDING", "ISSUED", "SKIPPED"), invitationId,
     * skipReason} and a lease while a replica issues one.
     */
    public static final String RECOVERY_SURVEYS = "recovery_surveys";

    /** Tenants' e-mail channels, one each ({@link MongoEmailChannelStore}). */
    public static final String EMAIL_CHANNELS = "email_channels";

    /** Tenants' own wording of their messages, per channel, kind and language ({@link MongoMessageTemplateStore}). */
    public static final String MESSAGE_TEMPLATES = "message_templates";

    /** Tenants' SMS channels, one each ({@link MongoSmsChannelStore}). */
    public static final String SMS_CHANNELS = "sms_channels";

    /**
     * The customers texted at each number of a tenant ({@link MongoTextedNumberStore}): {@code _id (tenant/number),
     * tenant, number, customerIds}, for STOP replies.
     */
    public static final String TEXTED_NUMBERS = "texted_numbers";

    /** What the platform sends customers, stored before it is sent ({@link MongoOutboundMessageStore}). */
    public static final String OUTBOUND_MESSAGES = "outbound_messages";

    /**
     * The unsubscribe links of sent e-mails ({@link MongoUnsubscribeLinkStore}): {@code _id (SHA-256 of the token,
     * hex), tenant, customerId, channel, messageId, createTime, expireTime}.
     */
    public static final String UNSUBSCRIBE_LINKS = "unsubscribe_links";

    private FeedbackCollections() {
    }

    /** Every index of the database: lookups and lists on MongoDB, and the unique ones that arbitrate races. */
    public static void createIndexes(MongoDatabase database, ExactKeyIndexes indexes) {
        MongoCollection<Document> surveys = database.getCollection(SURVEYS);
        IdempotentInsert.createIndex(surveys);
        indexes.ensure(surveys, TenantScope.TENANT_FIELD, "_id");
        indexes.ensure(surveys, TenantScope.TENANT_FIELD, "_id", "revision");

        MongoCollection<Document> invitations = database.getCollection(INVITATIONS);
        IdempotentInsert.createIndex(invitations);
        indexes.ensure(invitations, TenantScope.TENANT_FIELD, "_id");
        indexes.ensure(invitations, TenantScope.TENANT_FIELD, "_id", "responseId");
        invitations.createIndex(Indexes.ascending(MongoInvitationStore.TOKEN_HASH), new IndexOptions().unique(true));
        invitations.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "surveyId", "customerId"));

        MongoCollection<Document> responses = database.getCollection(RESPONSES);
        IdempotentInsert.createIndex(responses);
        indexes.ensure(responses, TenantScope.TENANT_FIELD, "_id");
        responses.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "submitTime"));
        responses.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "customerId", "submitTime"));
        responses.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "surveyId", "submitTime"));
        responses.createIndex(Indexes.ascending(ShardFolds.MARK));

        MongoCollection<Document> rollups = database.getCollection(RESPONSE_ROLLUPS);
        indexes.ensure(rollups, "_id", "version");
        rollups.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "day"));
        MongoCollection<Document> recoveryRollups = database.getCollection(RECOVERY_ROLLUPS);
        recoveryRollups.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "day"));
        recoveryRollups.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "customer"));

        MongoCollection<Document> complaints = database.getCollection(COMPLAINTS);
        IdempotentInsert.createIndex(complaints);
        indexes.ensure(complaints, TenantScope.TENANT_FIELD, "_id");
        indexes.ensure(complaints, TenantScope.TENANT_FIELD, "_id", "revision");
        complaints.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "customerId", "state"));
        complaints.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "createTime"));
        indexes.ensure(complaints, TenantScope.TENANT_FIELD, "_id", ComplaintRollups.COUNTED_REVISION);
        complaints.createIndex(Indexes.ascending(ShardFolds.MARK));
        MongoCollection<Document> complaintRollups = database.getCollection(COMPLAINT_ROLLUPS);
        indexes.ensure(complaintRollups, "_id", ShardFolds.VERSION);
        complaintRollups.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "day"));
        ComplaintRollups.markExisting(database);

        MongoCollection<Document> recoverySurveys = database.getCollection(RECOVERY_SURVEYS);
        Leases.createIndexes(recoverySurveys, indexes);
        recoverySurveys.createIndex(Indexes.ascending("state", "dueTime"));
        recoverySurveys.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "invitationId"));

        MongoOutboundMessageStore.createIndexes(database, indexes);
        MongoUnsubscribeLinkStore.createIndexes(database);
        MongoMessageTemplateStore.createIndexes(database);
        MongoTextedNumberStore.createIndexes(database);

        Feed.createIndexes(database, FEEDBACK_EVENTS, indexes);
        FeedDelivery.createIndexes(database.getCollection(FEED_DELIVERIES));
        DeadLetters.createIndexes(database.getCollection(DEAD_LETTERS));
    }
}
