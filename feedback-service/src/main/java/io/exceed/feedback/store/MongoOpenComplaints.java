package io.exceed.feedback.store;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.complaint.OpenComplaints;

/** Reads the complaints collection: a complaint is open until it is resolved. */
public class MongoOpenComplaints implements OpenComplaints {

    private final MongoCollection<Document> complaints;

    public MongoOpenComplaints(MongoDatabase database) {
        this.complaints = database.getCollection(FeedbackCollections.COMPLAINTS);
    }

    @Override
    public boolean any(TenantId tenant, String customerId) {
        return complaints.find(TenantScope.filter(tenant, Filters.eq("customerId", customerId),
                        Filters.in("state", "OPEN", "ACKNOWLEDGED")))
                .projection(Projections.include("_id"))
                .limit(1)
                .first() != null;
    }
}
