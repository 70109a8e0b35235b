package io.exceed.customer.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;

import io.exceed.customer.domain.Customer;
import io.exceed.customer.domain.CustomerFilter;
import io.exceed.customer.domain.CustomerState;
import io.exceed.customer.domain.CustomerStore;
import io.exceed.customer.domain.RelationshipState;
import io.exceed.customer.domain.StaleExpectations;
import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.eventing.Outbox;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.error.AlreadyExistsException;
import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.eventing.IdempotentInsert;
import io.exceed.defaults.storage.Times;

/**
 * Customers in the "customers" collection, one document each; a customer's outbox holds the stale-expectations
 * event of its latest snapshot and its relationship changes until the relay moves them into the feed.
 */
public class MongoCustomerStore implements CustomerStore {

    /** Request ids remembered per customer to make retried updates no-ops. */
    private static final int REMEMBERED_REQUESTS = 50;
    private static final int MAX_EXPECTATION_TIME_ATTEMPTS = 100;
    private static final String APPLIED_REQUESTS = "appliedRequestIds";
    /** When feedback-service read the summary the stored state was derived from, in nanoseconds since the epoch. */
    private static final String RELATIONSHIP_AS_OF = "relationshipAsOf";

    static final String LATEST_EXPECTATION_TIME = "latestExpectationTime";
    /** Set once the latest expectations were announced stale; a newer snapshot clears it. */
    private static final String STALE_ANNOUNCED = "staleExpectationsAnnounced";

    private final MongoCollection<Document> customers;
    private final Outbox<CustomerEvent> outbox;

    public MongoCustomerStore(MongoDatabase database, Outbox<CustomerEvent> outbox) {
        this.customers = database.getCollection(CustomerCollections.CUSTOMERS);
        this.outbox = outbox;
    }

    @Override
    public Customer insert(TenantId tenant, Customer customer, Optional<String> requestId) {
        try {
            // The request id is also the first applied one, so an upsert retried after it created the customer is
            // recognised by its update path too and changes nothing.
            return IdempotentInsert.insert(customers, tenant, CustomerDocuments.toDocument(tenant, customer)
                    .append(APPLIED_REQUESTS, requestId.map(List::of).orElse(List.of())), requestId,
                    CustomerDocuments::fromDocument);
        } catch (MongoException e) {
            throw DuplicateKey.is(e) ? externalReferenceTaken(customer) : e;
        }
    }

    @Override
    public Optional<Customer> find(TenantId tenant, String id) {
        return Optional.ofNullable(customers.find(TenantScope.filter(tenant, Filters.eq("_id", id))).first())
                .map(CustomerDocuments::fromDocument);
    }

    @Override
    public Optional<Customer> findByExternalReference(TenantId tenant, String externalReference) {
        return Optional.ofNullable(customers.find(TenantScope.filter(tenant,
                Filters.eq(CustomerDocuments.EXTERNAL_REFERENCE_KEY, "ref:" + externalReference))).first())
                .map(CustomerDocuments::fromDocument);
    }

    @Override
    public boolean hasApplied(TenantId tenant, String id, String requestId) {
        return customers.countDocuments(TenantScope.filter(tenant, Filters.eq("_id", id),
                Filters.eq(APPLIED_REQUESTS, requestId))) > 0;
    }

    @Override
    public boolean replace(TenantId tenant, Customer updated, long previousVersion, Optional<String> requestId) {
        List<Bson> changes = new ArrayList<>();
        CustomerDocuments.mutableFields(updated).forEach((field, value) -> changes.add(Updates.set(field, value)));
        requestId.ifPresent(request -> changes.add(Updates.pushEach(APPLIED_REQUESTS, List.of(request),
                new PushOptions().slice(-REMEMBERED_REQUESTS))));
        try {
            UpdateResult result = customers.updateOne(TenantScope.filter(tenant, Filters.eq("_id", updated.id()),
                    Filters.eq("version", previousVersion)), Updates.combine(changes));
            return result.getMatchedCount() == 1;
        } catch (MongoException e) {
            throw DuplicateKey.is(e) ? externalReferenceTaken(updated) : e;
        }
    }

    @Override
    public Page<Customer> list(TenantId tenant, CustomerFilter filter, Optional<String> afterId, int limit) {
        List<Bson> conditions = new ArrayList<>();
        conditions.add(Filters.eq("state", CustomerState.ACTIVE.name()));
        if (!filter.tag().isEmpty()) {
            conditions.add(Filters.eq("tags", filter.tag()));
        }
        if (!filter.accountOwner().isEmpty()) {
            conditions.add(Filters.eq("accountOwner", filter.accountOwner()));
        }
        if (filter.relationship() != null) {
            conditions.add(Filters.eq("relationship", filter.relationship().name()));
        }
        for (Map.Entry<String, String> attribute : filter.segmentAttributes().entrySet()) {
            conditions.add(Filters.eq("segment.attributes." + attribute.getKey(), attribute.getValue()));
        }
        if (!filter.competitorProduct().isEmpty()) {
            conditions.add(Filters.eq("segment.competitorProducts", filter.competitorProduct()));
        }
        return page(tenant, conditions, afterId, limit);
    }

    @Override
    public Page<Customer> listStaleExpectations(TenantId tenant, Instant cutoff, Optional<String> afterId, int limit) {
        List<Bson> conditions = new ArrayList<>();
        conditions.add(Filters.eq("state", CustomerState.ACTIVE.name()));
        conditions.add(Filters.or(Filters.eq("latestExpectationTime", null),
                Filters.lt("latestExpectationTime", Times.toDate(cutoff))));
        return page(tenant, conditions, afterId, limit);
    }

    private Page<Customer> page(TenantId tenant, List<Bson> conditions, Optional<String> afterId, int limit) {
        afterId.ifPresent(after -> conditions.add(Filters.gt("_id", after)));
        List<Customer> found = new ArrayList<>();
        customers.find(TenantScope.filter(tenant, conditions.toArray(Bson[]::new)))
                .sort(Sorts.ascending("_id"))
                .limit(limit + 1)
                .forEach(document -> found.add(CustomerDocuments.fromDocument(document)));
        if (found.size() <= limit) {
            return new Page<>(found, Optional.empty());
        }
        return new Page<>(found.subList(0, limit), Optional.of(found.get(limit - 1).id()));
    }

    /**
     * Read, then compare-and-set on the time read: exactly the fields of an exact-key index, so on the embedded store
     * a lookup where a condition like "earlier than" would read every customer.
     */
    @Override
    public void recordExpectationTime(TenantId tenant, String id, Instant observeTime) {
        for (int attempt = 0; attempt < MAX_EXPECTATION_TIME_ATTEMPTS; attempt++) {
            Document current = customers.find(TenantScope.filter(tenant, Filters.eq("_id", id)))
                    .projection(Projections.include(LATEST_EXPECTATION_TIME)).first();
            if (current == null) {
                return;
            }
            Date latest = current.getDate(LATEST_EXPECTATION_TIME);
            if (latest != null && !latest.before(Times.toDate(observeTime))) {
                return;
            }
            if (customers.updateOne(TenantScope.filter(tenant, Filters.eq("_id", id),
                            Filters.eq(LATEST_EXPECTATION_TIME, latest)),
                    Updates.combine(Updates.set(LATEST_EXPECTATION_TIME, Times.toDate(observeTime)),
                            Updates.unset(STALE_ANNOUNCED))).getMatchedCount() == 1) {
                return;
            }
        }
        throw new IllegalStateException("could not record the latest expectation time of customer " + id + " after "
                + MAX_EXPECTATION_TIME_ATTEMPTS + " attempts");
    }

    @Override
    public List<StaleExpectations.Candidate> unannouncedStaleExpectations(Instant cutoff, Optional<String> afterId,
            int limit) {
        List<Bson> conditions = new ArrayList<>(List.of(Filters.eq("state", CustomerState.ACTIVE.name()),
                Filters.lt(LATEST_EXPECTATION_TIME, Times.toDate(cutoff)), Filters.exists(STALE_ANNOUNCED, false)));
        afterId.ifPresent(after -> conditions.add(Filters.gt("_id", after)));
        List<StaleExpectations.Candidate> found = new ArrayList<>();
        customers.find(Filters.and(conditions))
                .projection(Projections.include(TenantScope.TENANT_FIELD, "version", LATEST_EXPECTATION_TIME))
                .sort(Sorts.ascending("_id"))
                .limit(limit)
                .forEach(document -> found.add(new StaleExpectations.Candidate(
                        new TenantId(document.getString(TenantScope.TENANT_FIELD)), document.getString("_id"),
                        document.getLong("version"), Times.toInstant(document.getDate(LATEST_EXPECTATION_TIME)))));
        return found;
    }

    @Override
    public boolean announceStaleExpectations(TenantId tenant, String id, long version, CustomerEvent event) {
        List<Document> pending = outbox.reserve(tenant, CustomerCollections.CUSTOMERS, id, List.of(event));
        boolean announced = customers.updateOne(TenantScope.filter(tenant, Filters.eq("_id", id),
                        Filters.eq("version", version)),
                Updates.combine(Updates.set(STALE_ANNOUNCED, true), Updates.pushEach(Outbox.FIELD, pending)))
                .getMatchedCount() == 1;
        if (announced) {
            outbox.written(CustomerCollections.CUSTOMERS, id);
        } else {
            outbox.withdraw(tenant, pending);
        }
        return announced;
    }

    @Override
    public RelationshipWrite applyRelationship(TenantId tenant, Customer current, RelationshipState state,
            Instant asOf, Instant now, List<CustomerEvent> announced) {
        List<Bson> changes = new ArrayList<>(List.of(Updates.set("relationship", state.name()),
                Updates.set(RELATIONSHIP_AS_OF, epochNanos(asOf))));
        if (state != current.relationship()) {
            changes.add(Updates.set("version", current.version() + 1));
            changes.add(Updates.set("updateTime", Times.toDate(now)));
        }
        List<Document> pending = outbox.reserve(tenant, CustomerCollections.CUSTOMERS, current.id(), announced);
        if (!pending.isEmpty()) {
            changes.add(Updates.pushEach(Outbox.FIELD, pending));
        }
        UpdateResult result = customers.updateOne(TenantScope.filter(tenant, Filters.eq("_id", current.id()),
                Filters.eq("version", current.version()), Filters.eq("state", CustomerState.ACTIVE.name()),
                Filters.or(Filters.eq(RELATIONSHIP_AS_OF, null), Filters.lt(RELATIONSHIP_AS_OF, epochNanos(asOf)))),
                Updates.combine(changes));
        if (result.getMatchedCount() == 1) {
            if (!pending.isEmpty()) {
                outbox.written(CustomerCollections.CUSTOMERS, current.id());
            }
            return RelationshipWrite.APPLIED;
        }
        outbox.withdraw(tenant, pending);
        Document stored = customers.find(TenantScope.filter(tenant, Filters.eq("_id", current.id())))
                .projection(new Document(RELATIONSHIP_AS_OF, 1)).first();
        Long applied = stored == null ? null : stored.getLong(RELATIONSHIP_AS_OF);
        return applied != null && applied >= epochNanos(asOf) ? RelationshipWrite.STALE : RelationshipWrite.CHANGED;
    }

    /** Summaries are ordered to the nanosecond: a date's milliseconds could tie two summaries read in a row. */
    private static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    @Override
    public boolean delete(TenantId tenant, String id) {
        return customers.deleteOne(TenantScope.filter(tenant, Filters.eq("_id", id))).getDeletedCount() == 1;
    }

    private static AlreadyExistsException externalReferenceTaken(Customer customer) {
        return new AlreadyExistsException("EXTERNAL_REFERENCE_TAKEN", "another customer already has external_reference '"
                + customer.profile().externalReference() + "'");
    }
}
