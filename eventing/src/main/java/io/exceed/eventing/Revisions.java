package io.exceed.eventing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.tenancy.TenantId;

/**
 * Compare-and-set updates on a document's {@code revision}, remembering the request ids applied so a retried
 * change is recognised.
 */
public final class Revisions {

    public static final String APPLIED_REQUESTS = "appliedRequests";
    /** Enough to recognise any realistic retry of a recent change. */
    private static final int REMEMBERED_REQUESTS = 20;

    private Revisions() {
    }

    public static boolean hasApplied(MongoCollection<Document> collection, TenantId tenant, String id,
            String requestId) {
        return collection.find(TenantScope.filter(tenant, Filters.eq("_id", id), Filters.eq(APPLIED_REQUESTS, requestId)))
                .projection(Projections.include("_id")).first() != null;
    }

    /**
     * Sets every field of {@code updated} (but its id), plus {@code alsoChange}, if the stored revision is still
     * {@code previousRevision}; false if someone changed the document first.
     */
    public static boolean replace(MongoCollection<Document> collection, TenantId tenant, Document updated,
            long previousRevision, Optional<String> requestId, Bson... alsoChange) {
        List<Bson> changes = new ArrayList<>();
        updated.forEach((field, value) -> {
            if (!field.equals("_id")) {
                changes.add(Updates.set(field, value));
            }
        });
        changes.addAll(List.of(alsoChange));
        requestId.ifPresent(request -> changes.add(Updates.pushEach(APPLIED_REQUESTS, List.of(request),
                new PushOptions().slice(-REMEMBERED_REQUESTS))));
        return collection.updateOne(TenantScope.filter(tenant, Filters.eq("_id", updated.get("_id")),
                Filters.eq("revision", previousRevision)), Updates.combine(changes)).getMatchedCount() == 1;
    }
}
