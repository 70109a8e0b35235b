package io.exceed.feedback.store;

import java.util.Optional;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;

import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.response.Channel;
import io.exceed.feedback.domain.unsubscribe.UnsubscribeLink;
import io.exceed.feedback.domain.unsubscribe.UnsubscribeLinkStore;

/**
 * Unsubscribe links in {@value FeedbackCollections#UNSUBSCRIBE_LINKS}, keyed by their token's hash, which is so
 * unique across tenants.
 */
public class MongoUnsubscribeLinkStore implements UnsubscribeLinkStore {

    static final String CUSTOMER_ID = "customerId";

    private final MongoCollection<Document> links;

    public MongoUnsubscribeLinkStore(MongoDatabase database) {
        this.links = database.getCollection(FeedbackCollections.UNSUBSCRIBE_LINKS);
    }

    /** Erasure deletes a customer's links by tenant and customer. */
    static void createIndexes(MongoDatabase database) {
        database.getCollection(FeedbackCollections.UNSUBSCRIBE_LINKS)
                .createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, CUSTOMER_ID));
    }

    @Override
    public void insert(String tokenHash, UnsubscribeLink link) {
        links.insertOne(new Document("_id", tokenHash)
                .append(TenantScope.TENANT_FIELD, link.tenant().value())
                .append(CUSTOMER_ID, link.customerId())
                .append("channel", link.channel().name())
                .append("messageId", link.messageId())
                .append("createTime", Times.toDate(link.createTime()))
                .append("expireTime", Times.toDate(link.expireTime())));
    }

    @Override
    public Optional<UnsubscribeLink> findByTokenHash(String tokenHash) {
        return Optional.ofNullable(links.find(Filters.eq("_id", tokenHash)).first())
                .map(document -> new UnsubscribeLink(new TenantId(document.getString(TenantScope.TENANT_FIELD)),
                        document.getString(CUSTOMER_ID), Channel.valueOf(document.getString("channel")),
                        document.getString("messageId"), Times.toInstant(document.getDate("createTime")),
                        Times.toInstant(document.getDate("expireTime"))));
    }
}
