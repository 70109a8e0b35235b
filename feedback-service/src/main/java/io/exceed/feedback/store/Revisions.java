package io.exceed.feedback.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.event.FeedbackEvent;

/**
 * Compare-and-set updates on a document's {@code revision}, remembering the request ids applied so a retried
 * change is recognised, and appending the events the change causes to the outbox in the same write.
 */
final class Revisions {

    static final String APPLIED_REQUESTS = "appliedRequests";
    /** Enough to recognise any realistic retry of a recent change. */
    private static final int REMEMBERED_REQUESTS = 20;

    private Revisions() {
    }

    static boolean hasApplied(MongoCollection<Document> collection, TenantId tenant, String id, String requestId) {
        return collection.countDocuments(TenantScope.filter(tenant, Filters.eq("_id", id),
                Filters.eq(APPLIED_REQUESTS, requestId))) > 0;
    }

    /** Sets every field of {@code updated} (but its id) if the stored revision is still {@code previousRevision}. */
    static boolean replace(MongoCollection<Document> collection, TenantId tenant, Document updated,
            long previousRevision, List<FeedbackEvent> events, Optional<String> requestId) {
        List<Bson> changes = new ArrayList<>();
        updated.forEach((field, value) -> {
            if (!field.equals("_id")) {
                changes.add(Updates.set(field, value));
            }
        });
        if (!events.isEmpty()) {
            changes.add(Updates.pushEach(Outbox.FIELD, Outbox.toDocuments(events)));
        }
        requestId.ifPresent(request -> changes.add(Updates.pushEach(APPLIED_REQUESTS, List.of(request),
                new PushOptions().slice(-REMEMBERED_REQUESTS))));
        return collection.updateOne(TenantScope.filter(tenant, Filters.eq("_id", updated.get("_id")),
                Filters.eq("revision", previousRevision)), Updates.combine(changes)).getMatchedCount() == 1;
    }
}
