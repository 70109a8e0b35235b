package io.exceed.feedback.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.eventing.Leases;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.recovery.RecoverySurvey;
import io.exceed.feedback.domain.recovery.RecoverySurveyStore;

/** Recovery surveys in {@link FeedbackCollections#RECOVERY_SURVEYS}, one document each, keyed by tenant and id. */
public class MongoRecoverySurveyStore implements RecoverySurveyStore {

    private final MongoCollection<Document> surveys;
    private final String replica;

    public MongoRecoverySurveyStore(MongoDatabase database, String replica) {
        this.surveys = database.getCollection(FeedbackCollections.RECOVERY_SURVEYS);
        this.replica = replica;
    }

    private static String key(TenantId tenant, String id) {
        return tenant.value() + ":" + id;
    }

    @Override
    public void schedule(TenantId tenant, RecoverySurvey survey) {
        try {
            surveys.insertOne(new Document("_id", key(tenant, survey.id()))
                    .append(TenantScope.TENANT_FIELD, tenant.value())
                    .append("recoveryId", survey.id())
                    .append("complaintId", survey.complaintId())
                    .append("customerId", survey.customerId())
                    .append("language", survey.language())
                    .append("dueTime", Times.toDate(survey.dueTime()))
                    .append("state", survey.state().name()));
        } catch (MongoException e) {
            if (!DuplicateKey.is(e)) {
                throw e;
            }
        }
    }

    @Override
    public List<Claimed> claimDue(Instant now, Duration lease, int limit) {
        return Leases.claim(surveys, Filters.and(Filters.eq("state", RecoverySurvey.State.PENDING.name()),
                Filters.lte("dueTime", Times.toDate(now))), "dueTime", now, replica, now.plus(lease), limit)
                .stream().map(document -> new Claimed(new TenantId(document.getString(TenantScope.TENANT_FIELD)),
                        fromDocument(document)))
                .toList();
    }

    @Override
    public void issued(TenantId tenant, String id, String invitationId) {
        finish(tenant, id, Updates.combine(Updates.set("state", RecoverySurvey.State.ISSUED.name()),
                Updates.set("invitationId", invitationId)));
    }

    @Override
    public void skipped(TenantId tenant, String id, String reason) {
        finish(tenant, id, Updates.combine(Updates.set("state", RecoverySurvey.State.SKIPPED.name()),
                Updates.set("skipReason", reason)));
    }

    @Override
    public void retryAt(TenantId tenant, String id, Instant retryAt) {
        finish(tenant, id, Updates.set("dueTime", Times.toDate(retryAt)));
    }

    private void finish(TenantId tenant, String id, org.bson.conversions.Bson change) {
        surveys.updateOne(TenantScope.filter(tenant, Filters.eq("_id", key(tenant, id))),
                Updates.combine(change, Leases.released()));
    }

    @Override
    public Optional<RecoverySurvey> findByInvitation(TenantId tenant, String invitationId) {
        return Optional.ofNullable(surveys.find(TenantScope.filter(tenant, Filters.eq("invitationId", invitationId)))
                .first()).map(MongoRecoverySurveyStore::fromDocument);
    }

    private static RecoverySurvey fromDocument(Document document) {
        return new RecoverySurvey(document.getString("recoveryId"), document.getString("complaintId"),
                document.getString("customerId"), document.getString("language"),
                Times.toInstant(document.getDate("dueTime")), RecoverySurvey.State.valueOf(document.getString("state")),
                document.getString("invitationId"), document.getString("skipReason"));
    }
}
