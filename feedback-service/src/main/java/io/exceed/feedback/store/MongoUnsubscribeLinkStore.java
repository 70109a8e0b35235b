package io.exceed.feedback.store;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.exceed.defaults.storage.BoundedDeletes;
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
    private static final String EXPIRE_TIME = "expireTime";

    private final MongoCollection<Document> links;

    public MongoUnsubscribeLinkStore(MongoDatabase database) {
        this.links = database.getCollection(FeedbackCollections.UNSUBSCRIBE_LINKS);
    }

    /**
     * Erasure deletes a customer's links by tenant and customer. MongoDB's TTL index deletes expired links; the
     * embedded store expires nothing, so {@link #purgeExpired} does it there (and finds nothing left on MongoDB).
     */
    static void createIndexes(MongoDatabase database) {
        MongoCollection<Document> links = database.getCollection(FeedbackCollections.UNSUBSCRIBE_LINKS);
        links.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, CUSTOMER_ID));
        links.createIndex(Indexes.ascending(EXPIRE_TIME), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    }

    @Override
    public void insert(String tokenHash, UnsubscribeLink link) {
        links.insertOne(new Document("_id", tokenHash)
                .append(TenantScope.TENANT_FIELD, link.tenant().value())
                .append(CUSTOMER_ID, link.customerId())
                .append("channel", link.channel().name())
                .append("messageId", link.messageId())
                .append("createTime", Times.toDate(link.createTime()))
                .append(EXPIRE_TIME, Times.toDate(link.expireTime())));
    }

    @Override
    public Optional<UnsubscribeLink> findByTokenHash(String tokenHash) {
        return Optional.ofNullable(links.find(Filters.eq("_id", tokenHash)).first())
                .map(document -> new UnsubscribeLink(new TenantId(document.getString(TenantScope.TENANT_FIELD)),
                        document.getString(CUSTOMER_ID), Channel.valueOf(document.getString("channel")),
                        document.getString("messageId"), Times.toInstant(document.getDate("createTime")),
                        Times.toInstant(document.getDate(EXPIRE_TIME))));
    }

    @Override
    public int purgeExpired(Instant now, int limit) {
        Bson expired = Filters.lte(EXPIRE_TIME, Times.toDate(now));
        return BoundedDeletes.deleteUpTo(links, expired, limit);
    }
}
