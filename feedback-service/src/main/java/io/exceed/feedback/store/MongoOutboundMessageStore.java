package io.exceed.feedback.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.secrets.SecretCipher;
import io.exceed.defaults.storage.BoundedDeletes;
import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.defaults.storage.IdPages;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.eventing.Leases;
import io.exceed.feedback.domain.outbound.OutboundMessage;
import io.exceed.feedback.domain.outbound.OutboundMessageKind;
import io.exceed.feedback.domain.outbound.OutboundMessageState;
import io.exceed.feedback.domain.outbound.OutboundMessageStore;
import io.exceed.feedback.domain.response.Channel;
import io.exceed.feedback.domain.response.ContactPurpose;

/**
 * Outbound messages in {@link FeedbackCollections#OUTBOUND_MESSAGES}: {@code _id} (the message id), tenant, key,
 * customerId, invitationId, complaintId, kind, reminderNumber, purpose, state, reason, attempts, language,
 * messageIdHeader, createTime, nextAttemptTime, sendTime, finishTime (when it became final), channel and to (the
 * channel tried first, then the one it goes by and the address or number, once routed), and the survey token
 * encrypted ({@link SecretCipher}, bound to the message) until the message is final. One message per key (a unique
 * index), so a repeated queueing stores nothing. Claims use {@link Leases}; every outcome is written only while this replica still holds the lease.
 */
public class MongoOutboundMessageStore implements OutboundMessageStore {

    /** Survey tokens waiting to be sent, each bound to its message. */
    public static final SecretCipher.Subject TOKENS = new SecretCipher.Subject("survey token", "outbound message");
    static final String SURVEY_TOKEN = "encryptedSurveyToken";
    private static final Logger log = LoggerFactory.getLogger(MongoOutboundMessageStore.class);
    private static final String STATE = "state";
    private static final String KEY = "key";
    private static final String INVITATION_ID = "invitationId";
    /** The first slice's unique index, one message per invitation and kind: too narrow for reminders. */
    private static final List<String> INVITATION_AND_KIND = List.of(TenantScope.TENANT_FIELD, INVITATION_ID, "kind");
    private static final String NEXT_ATTEMPT = "nextAttemptTime";
    private static final String CHANNEL = "channel";
    static final String TO = "to";
    private static final List<String> DUE_STATES = List.of(OutboundMessageState.QUEUED.name(),
            OutboundMessageState.DEFERRED.name());
    private static final String FINISH_TIME = "finishTime";
    private static final String CREATE_TIME = "createTime";

    private final MongoCollection<Document> messages;
    private final Optional<SecretCipher> cipher;
    private final String replica;
    private final Clock clock;

    /**
     * @param cipher absent when no key is configured: then no channel exists and nothing is ever queued
     * @param clock  stamps the time a message becomes final, from which it is kept for the retention period
     */
    public MongoOutboundMessageStore(MongoDatabase database, Optional<SecretCipher> cipher, String replica,
            Clock clock) {
        this.messages = database.getCollection(FeedbackCollections.OUTBOUND_MESSAGES);
        this.cipher = cipher;
        this.replica = replica;
        this.clock = clock;
    }

    static void createIndexes(MongoDatabase database, ExactKeyIndexes indexes) {
        MongoCollection<Document> messages = database.getCollection(FeedbackCollections.OUTBOUND_MESSAGES);
        Leases.createIndexes(messages, indexes);
        indexes.ensure(messages, TenantScope.TENANT_FIELD, "_id");
        Optional<String> firstSliceIndex = indexNamed(messages, INVITATION_AND_KIND);
        firstSliceIndex.ifPresent(name -> keyFirstSliceMessages(messages));
        messages.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, KEY), new IndexOptions().unique(true));
        firstSliceIndex.ifPresent(messages::dropIndex);
        messages.createIndex(Indexes.ascending(STATE, NEXT_ATTEMPT));
        messages.createIndex(Indexes.ascending(STATE, FINISH_TIME));
        messages.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "customerId", "_id"));
    }

    /** By its fields, not its name or their values' number type, which servers report differently. */
    private static Optional<String> indexNamed(MongoCollection<Document> messages, List<String> fields) {
        List<Document> found = new ArrayList<>();
        messages.listIndexes().forEach(found::add);
        return found.stream().filter(index -> fields.equals(List.copyOf(index.get("key", Document.class).keySet())))
                .map(index -> index.getString("name")).findFirst();
    }

    /**
     * Messages stored before keys existed were all invitations' own (the only kinds then): they get that key, so
     * the unique index on keys can be built, and then the first slice's index goes. Runs while that index exists,
     * so once; a crash midway repeats it.
     */
    private static void keyFirstSliceMessages(MongoCollection<Document> messages) {
        messages.find(Filters.exists(KEY, false)).forEach(document -> messages.updateOne(
                Filters.eq("_id", document.get("_id")),
                Updates.set(KEY, OutboundMessage.invitationKey(document.getString(INVITATION_ID)))));
    }

    @Override
    public String queue(TenantId tenant, OutboundMessage message, Supplier<String> surveyToken) {
        Optional<String> existing = existing(tenant, message);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            Document document = new Document("_id", message.id())
                    .append(TenantScope.TENANT_FIELD, tenant.value())
                    .append(KEY, message.key())
                    .append("customerId", message.customerId())
                    .append(INVITATION_ID, message.invitationId())
                    .append("complaintId", message.complaintId())
                    .append("kind", message.kind().name())
                    .append("reminderNumber", message.reminderNumber())
                    .append("purpose", message.purpose().name())
                    .append(STATE, message.state().name())
                    .append("attempts", 0)
                    .append("messageIdHeader", message.messageIdHeader())
                    .append(CREATE_TIME, Times.toDate(message.createTime()))
                    .append(NEXT_ATTEMPT, Times.toDate(message.nextAttemptTime()))
                    .append(CHANNEL, message.channel() == null ? null : message.channel().name());
            String token = surveyToken.get();
            if (token != null) {
                document.append(SURVEY_TOKEN, cipher.orElseThrow().encrypt(tenant, message.id(),
                        token.getBytes(StandardCharsets.UTF_8)));
            }
            messages.insertOne(document);
            return message.id();
        } catch (MongoException e) {
            if (!DuplicateKey.is(e)) {
                throw e;
            }
            return existing(tenant, message).orElseThrow(() -> e);
        }
    }

    private Optional<String> existing(TenantId tenant, OutboundMessage message) {
        return findByKey(tenant, message.key()).map(OutboundMessage::id);
    }

    @Override
    public Optional<OutboundMessage> findByKey(TenantId tenant, String key) {
        return Optional.ofNullable(messages.find(TenantScope.filter(tenant, Filters.eq(KEY, key))).first())
                .map(MongoOutboundMessageStore::fromDocument);
    }

    @Override
    public List<Claimed> claimDue(Instant now, Duration lease, int limit) {
        return Leases.claim(messages, Filters.and(Filters.in(STATE, DUE_STATES),
                        Filters.lte(NEXT_ATTEMPT, Times.toDate(now))), NEXT_ATTEMPT, now, replica, now.plus(lease), limit)
                .stream()
                .map(document -> {
                    TenantId tenant = new TenantId(document.getString(TenantScope.TENANT_FIELD));
                    OutboundMessage message = fromDocument(document);
                    return new Claimed(tenant, message, surveyToken(tenant, message.id(),
                            document.getString(SURVEY_TOKEN)));
                })
                .toList();
    }

    /** Null when there is none (erased) or it cannot be read (its key is gone): that message fails, no other. */
    private String surveyToken(TenantId tenant, String id, String encrypted) {
        if (encrypted == null) {
            return null;
        }
        try {
            return new String(cipher.orElseThrow().decrypt(tenant, id, encrypted), StandardCharsets.UTF_8);
        } catch (RuntimeException unreadable) {
            log.warn("the survey link of outbound message {} of tenant {} cannot be decrypted: {}", id, tenant,
                    unreadable.getMessage());
            return null;
        }
    }

    @Override
    public void route(TenantId tenant, String id, Channel channel, String to) {
        messages.updateOne(TenantScope.filter(tenant, Filters.eq("_id", id), Leases.heldBy(replica)),
                Updates.combine(Updates.set(CHANNEL, channel.name()), Updates.set(TO, to)));
    }

    @Override
    public void sent(TenantId tenant, String id, String language, int attempts, Instant sendTime) {
        release(tenant, id, Updates.combine(Updates.set(STATE, OutboundMessageState.SENT.name()),
                Updates.set("language", language), Updates.set("attempts", attempts),
                Updates.set("sendTime", Times.toDate(sendTime)), Updates.set(FINISH_TIME, Times.toDate(sendTime)),
                Updates.unset("reason"), Updates.unset(NEXT_ATTEMPT), Updates.unset(SURVEY_TOKEN)));
    }

    @Override
    public void deferred(TenantId tenant, String id, String reason, int attempts, Instant nextAttemptTime) {
        release(tenant, id, Updates.combine(Updates.set(STATE, OutboundMessageState.DEFERRED.name()),
                Updates.set("reason", reason), Updates.set("attempts", attempts),
                Updates.set(NEXT_ATTEMPT, Times.toDate(nextAttemptTime))));
    }

    @Override
    public void finished(TenantId tenant, String id, OutboundMessageState state, String reason, int attempts) {
        release(tenant, id, Updates.combine(Updates.set(STATE, state.name()), Updates.set("reason", reason),
                Updates.set("attempts", attempts), Updates.set(FINISH_TIME, Times.toDate(clock.instant())),
                Updates.unset(NEXT_ATTEMPT), Updates.unset(SURVEY_TOKEN)));
    }

    /**
     * Messages that ended before {@code cutoff}; those that ended before finish times were stored count from when
     * they were queued. The cutoff is the caller's, so a shorter retention applies to what is already stored.
     */
    @Override
    public int purgeFinishedBefore(Instant cutoff, int limit) {
        Bson purgeable = Filters.and(Filters.nin(STATE, DUE_STATES), Filters.or(
                Filters.lt(FINISH_TIME, Times.toDate(cutoff)),
                Filters.and(Filters.exists(FINISH_TIME, false), Filters.lt(CREATE_TIME, Times.toDate(cutoff)))));
        return BoundedDeletes.deleteUpTo(messages, purgeable, limit);
    }

    /** Records an outcome and ends the lease, only while this replica holds it. */
    private void release(TenantId tenant, String id, Bson change) {
        messages.updateOne(TenantScope.filter(tenant, Filters.eq("_id", id), Leases.heldBy(replica)),
                Updates.combine(change, Leases.released()));
    }

    @Override
    public Optional<OutboundMessage> find(TenantId tenant, String id) {
        return Optional.ofNullable(messages.find(TenantScope.filter(tenant, Filters.eq("_id", id))).first())
                .map(MongoOutboundMessageStore::fromDocument);
    }

    @Override
    public Page<OutboundMessage> list(TenantId tenant, String customerId, String invitationId,
            Optional<String> afterId, int limit) {
        List<Bson> conditions = new ArrayList<>();
        if (customerId != null && !customerId.isEmpty()) {
            conditions.add(Filters.eq("customerId", customerId));
        }
        if (invitationId != null && !invitationId.isEmpty()) {
            conditions.add(Filters.eq(INVITATION_ID, invitationId));
        }
        return IdPages.page(messages, tenant, conditions, afterId, limit, MongoOutboundMessageStore::fromDocument,
                OutboundMessage::id);
    }

    private static OutboundMessage fromDocument(Document document) {
        return OutboundMessage.builder().id(document.getString("_id")).customerId(document.getString("customerId"))
                .invitationId(document.getString(INVITATION_ID)).complaintId(document.getString("complaintId"))
                .kind(OutboundMessageKind.valueOf(document.getString("kind")))
                .reminderNumber(document.getInteger("reminderNumber", 0))
                .purpose(ContactPurpose.valueOf(document.getString("purpose")))
                .state(OutboundMessageState.valueOf(document.getString(STATE))).reason(document.getString("reason"))
                .attempts(document.getInteger("attempts", 0)).language(document.getString("language"))
                .messageIdHeader(document.getString("messageIdHeader"))
                .createTime(Times.toInstant(document.getDate(CREATE_TIME)))
                .nextAttemptTime(Times.toInstant(document.getDate(NEXT_ATTEMPT)))
                .sendTime(Times.toInstant(document.getDate("sendTime")))
                .channel(document.getString(CHANNEL) == null ? null : Channel.valueOf(document.getString(CHANNEL)))
                .to(document.getString(TO)).build();
    }
}
