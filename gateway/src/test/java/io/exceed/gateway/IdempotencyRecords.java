package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.exceed.gateway.idempotency.IdempotencyRecordStore;

/** The gateway's idempotency records as anyone with the database reads them: with the driver, field by field. */
final class IdempotencyRecords {

    private IdempotencyRecords() {
    }

    static MongoCollection<Document> collection(MongoDatabase database) {
        return database.getCollection(IdempotencyRecordStore.COLLECTION);
    }

    /** The tenant's record for a key, found by the key's SHA-256 (hex), which is all the record holds of it. */
    static Document find(MongoDatabase database, String tenant, String key) {
        return collection(database).find(Filters.and(Filters.eq("tenant", tenant), Filters.eq("key", keyHash(key))))
                .first();
    }

    static String keyHash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * The record has only the fields that recognise a retry, and none of its values (nor their names) holds any of
     * {@code secrets}: the key, what the request or response said, the resource's name.
     */
    static void assertHoldsNothingOf(Document record, String... secrets) {
        assertThat(record).isNotNull();
        assertThat(record.keySet()).isSubsetOf("_id", "tenant", "key", "claim", "fingerprint", "createTime",
                "leaseExpireTime", "expireTime", "status");
        String stored = record.toJson();
        for (String secret : secrets) {
            assertThat(stored).doesNotContain(secret);
        }
    }
}
