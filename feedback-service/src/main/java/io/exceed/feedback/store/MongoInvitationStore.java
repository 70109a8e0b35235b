package io.exceed.feedback.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.IdPages;
import io.exceed.eventing.IdempotentInsert;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.defaults.paging.Page;
import io.exceed.feedback.domain.response.Channel;
import io.exceed.feedback.domain.response.Invitation;
import io.exceed.feedback.domain.response.InvitationStore;

/** Invitations in {@value FeedbackCollections#INVITATIONS}; the token hash is unique across all tenants. */
public class MongoInvitationStore implements InvitationStore {

    static final String TOKEN_HASH = "tokenHash";

    private final MongoCollection<Document> invitations;

    public MongoInvitationStore(MongoDatabase database) {
        this.invitations = database.getCollection(FeedbackCollections.INVITATIONS);
    }

    @Override
    public Stored insert(TenantId tenant, Invitation invitation, String tokenHash, Optional<String> requestId) {
        Document document = toDocument(invitation).append(TenantScope.TENANT_FIELD, tenant.value())
                .append(TOKEN_HASH, tokenHash);
        Invitation stored = IdempotentInsert.insert(invitations, tenant, document, requestId,
                MongoInvitationStore::fromDocument);
        return new Stored(stored, stored.id().equals(invitation.id()));
    }

    @Override
    public Optional<Invitation> find(TenantId tenant, String id) {
        return Optional.ofNullable(invitations.find(TenantScope.filter(tenant, Filters.eq("_id", id))).first())
                .map(MongoInvitationStore::fromDocument);
    }

    @Override
    public Optional<Found> findByTokenHash(String tokenHash) {
        return Optional.ofNullable(invitations.find(Filters.eq(TOKEN_HASH, tokenHash)).first())
                .map(document -> new Found(new TenantId(document.getString(TenantScope.TENANT_FIELD)),
                        fromDocument(document)));
    }

    @Override
    public void markResponded(TenantId tenant, String id, String responseId) {
        invitations.updateOne(TenantScope.filter(tenant, Filters.eq("_id", id)), Updates.set("responseId", responseId));
    }

    @Override
    public boolean replaceTokenHash(TenantId tenant, String id, String tokenHash) {
        return invitations.updateOne(TenantScope.filter(tenant, Filters.eq("_id", id), Filters.eq("responseId", null)),
                Updates.set(TOKEN_HASH, tokenHash)).getMatchedCount() == 1;
    }

    @Override
    public Page<Invitation> list(TenantId tenant, String surveyId, String customerId, Optional<String> afterId,
            int limit) {
        List<Bson> conditions = new ArrayList<>();
        if (surveyId != null && !surveyId.isEmpty()) {
            conditions.add(Filters.eq("surveyId", surveyId));
        }
        if (customerId != null && !customerId.isEmpty()) {
            conditions.add(Filters.eq("customerId", customerId));
        }
        return IdPages.page(invitations, tenant, conditions, afterId, limit, MongoInvitationStore::fromDocument, Invitation::id);
    }

    private static Document toDocument(Invitation invitation) {
        return new Document("_id", invitation.id())
                .append("surveyId", invitation.surveyId())
                .append("surveyVersion", invitation.surveyVersion())
                .append("customerId", invitation.customerId())
                .append("channel", invitation.channel().name())
                .append("language", invitation.language())
                .append("segment", CustomerSnapshots.segmentDocument(invitation.segment()))
                .append("expectations", CustomerSnapshots.expectationDocuments(invitation.expectations()))
                .append("expireTime", Times.toDate(invitation.expireTime()))
                .append("createTime", Times.toDate(invitation.createTime()))
                .append("responseId", invitation.responseId());
    }

    private static Invitation fromDocument(Document document) {
        return Invitation.builder()
                .id(document.getString("_id"))
                .surveyId(document.getString("surveyId"))
                .surveyVersion(document.getInteger("surveyVersion"))
                .customerId(document.getString("customerId"))
                .channel(Channel.valueOf(document.getString("channel")))
                .language(document.getString("language"))
                .segment(CustomerSnapshots.segment(document))
                .expectations(CustomerSnapshots.expectations(document))
                .expireTime(Times.toInstant(document.getDate("expireTime")))
                .createTime(Times.toInstant(document.getDate("createTime")))
                .responseId(document.getString("responseId"))
                .build();
    }
}
