package io.exceed.feedback.store;

import java.nio.charset.StandardCharsets;
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
import io.exceed.feedback.domain.survey.SurveyPurpose;

/**
 * Outbound messages in {@link FeedbackCollections#OUTBOUND_MESSAGES}: {@code _id} (the message id), tenant,
 * customerId, invitationId, kind, purpose, state, reason, attempts, language, messageIdHeader, createTime,
 * nextAttemptTime, sendTime, and the survey token encrypted ({@link SecretCipher}, bound to the message) until the
 * message is final. One message per invitation and kind (a unique index), so a repeated queueing stores nothing.
 * Claims use {@link Leases}; every outcome is written only while this replica still holds the lease.
 */
public class MongoOutboundMessageStore implements OutboundMessageStore {

    /** Survey tokens waiting to be sent, each bound to its message. */
    public static final SecretCipher.Subject TOKENS = new SecretCipher.Subject("survey token", "outbound message");
    static final String SURVEY_TOKEN = "encryptedSurveyToken";
    private static final Logger log = LoggerFactory.getLogger(MongoOutboundMessageStore.class);
    private static final String STATE = "state";
    private static final String NEXT_ATTEMPT = "nextAttemptTime";
    private static final List<String> DUE_STATES = List.of(OutboundMessageState.QUEUED.name(),
            OutboundMessageState.DEFERRED.name());

    private final MongoCollection<Document> messages;
    private final Optional<SecretCipher> cipher;
    private final String replica;

    /** @param cipher absent when no key is configured: then no channel exists and nothing is ever queued */
    public MongoOutboundMessageStore(MongoDatabase database, Optional<SecretCipher> cipher, String replica) {
        this.messages = database.getCollection(FeedbackCollections.OUTBOUND_MESSAGES);
        this.cipher = cipher;
        this.replica = replica;
    }

    static void createIndexes(MongoDatabase database, ExactKeyIndexes indexes) {
        MongoCollection<Document> messages = database.getCollection(FeedbackCollections.OUTBOUND_MESSAGES);
        Leases.createIndexes(messages, indexes);
        indexes.ensure(messages, TenantScope.TENANT_FIELD, "_id");
        messages.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "invitationId", "kind"),
                new IndexOptions().unique(true));
        messages.createIndex(Indexes.ascending(STATE, NEXT_ATTEMPT));
        messages.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "customerId", "_id"));
    }

    @Override
    public String queue(TenantId tenant, OutboundMessage message, Supplier<String> surveyToken) {
        Optional<String> existing = existing(tenant, message);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            messages.insertOne(new Document("_id", message.id())
                    .append(TenantScope.TENANT_FIELD, tenant.value())
                    .append("customerId", message.customerId())
                    .append("invitationId", message.invitationId())
                    .append("kind", message.kind().name())
                    .append("purpose", message.purpose().name())
                    .append(STATE, message.state().name())
                    .append("attempts", 0)
                    .append("messageIdHeader", message.messageIdHeader())
                    .append("createTime", Times.toDate(message.createTime()))
                    .append(NEXT_ATTEMPT, Times.toDate(message.nextAttemptTime()))
                    .append(SURVEY_TOKEN, cipher.orElseThrow().encrypt(tenant, message.id(),
                            surveyToken.get().getBytes(StandardCharsets.UTF_8))));
            return message.id();
        } catch (MongoException e) {
            if (!DuplicateKey.is(e)) {
                throw e;
            }
            return existing(tenant, message).orElseThrow(() -> e);
        }
    }

    private Optional<String> existing(TenantId tenant, OutboundMessage message) {
        return Optional.ofNullable(messages.find(TenantScope.filter(tenant,
                        Filters.eq("invitationId", message.invitationId()), Filters.eq("kind", message.kind().name())))
                .first()).map(document -> document.getString("_id"));
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
    public void sent(TenantId tenant, String id, String language, int attempts, Instant sendTime) {
        release(tenant, id, Updates.combine(Updates.set(STATE, OutboundMessageState.SENT.name()),
                Updates.set("language", language), Updates.set("attempts", attempts),
                Updates.set("sendTime", Times.toDate(sendTime)), Updates.unset("reason"), Updates.unset(NEXT_ATTEMPT),
                Updates.unset(SURVEY_TOKEN)));
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
                Updates.set("attempts", attempts), Updates.unset(NEXT_ATTEMPT), Updates.unset(SURVEY_TOKEN)));
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
            conditions.add(Filters.eq("invitationId", invitationId));
        }
        return IdPages.page(messages, tenant, conditions, afterId, limit, MongoOutboundMessageStore::fromDocument,
                OutboundMessage::id);
    }

    private static OutboundMessage fromDocument(Document document) {
        return new OutboundMessage(document.getString("_id"), document.getString("customerId"),
                document.getString("invitationId"), OutboundMessageKind.valueOf(document.getString("kind")),
                SurveyPurpose.valueOf(document.getString("purpose")),
                OutboundMessageState.valueOf(document.getString(STATE)), document.getString("reason"),
                document.getInteger("attempts", 0), document.getString("language"),
                document.getString("messageIdHeader"), Times.toInstant(document.getDate("createTime")),
                Times.toInstant(document.getDate(NEXT_ATTEMPT)), Times.toInstant(document.getDate("sendTime")));
    }
}
