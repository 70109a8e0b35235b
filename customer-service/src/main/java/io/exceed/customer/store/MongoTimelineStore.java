package io.exceed.customer.store;

import java.util.List;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.client.MongoDatabase;

import io.exceed.customer.domain.ContractEventKind;
import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.eventing.Outbox;
import io.exceed.defaults.paging.Page;
import io.exceed.customer.domain.TimelineEvent;
import io.exceed.customer.domain.TimelineStore;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.defaults.storage.Times;

/** Timeline events in the "timeline_events" collection, one document each, with the events they announce. */
public class MongoTimelineStore implements TimelineStore {

    /** The time the timeline is ordered by. */
    static final String TIME = "occurTime";

    private final CustomerHistory<TimelineEvent> events;
    private final Outbox<CustomerEvent> outbox;

    public MongoTimelineStore(MongoDatabase database, Outbox<CustomerEvent> outbox) {
        this.events = new CustomerHistory<>(database.getCollection(CustomerCollections.TIMELINE_EVENTS), TIME,
                MongoTimelineStore::fromDocument, TimelineEvent::occurTime, TimelineEvent::id);
        this.outbox = outbox;
    }

    @Override
    public TimelineEvent insert(TenantId tenant, TimelineEvent event, List<CustomerEvent> announced,
            Optional<String> requestId) {
        Document document = new Document("_id", event.id())
                .append(TenantScope.TENANT_FIELD, tenant.value())
                .append("customerId", event.customerId())
                .append("occurTime", Times.toDate(event.occurTime()))
                .append("recordTime", Times.toDate(event.recordTime()));
        switch (event.detail()) {
            case TimelineEvent.OrderPlaced order -> document.append("order",
                    new Document("orderReference", order.orderReference())
                            .append("value", CustomerDocuments.money(order.value())));
            case TimelineEvent.ContractChange change -> document.append("contractEvent",
                    new Document("kind", change.kind().name())
                            .append("contractReference", change.contractReference())
                            .append("details", change.details()));
            case TimelineEvent.StaffNote note -> document.append("note",
                    new Document("text", note.text()).append("author", note.author()));
        }
        List<Document> pending = outbox.reserve(tenant, CustomerCollections.TIMELINE_EVENTS, event.id(), announced);
        document.append(Outbox.FIELD, pending);
        TimelineEvent stored = events.insert(tenant, document, requestId);
        if (!stored.id().equals(event.id())) {
            outbox.withdraw(tenant, pending);
        } else if (!announced.isEmpty()) {
            outbox.written(CustomerCollections.TIMELINE_EVENTS, stored.id());
        }
        return stored;
    }

    @Override
    public Page<TimelineEvent> list(TenantId tenant, String customerId, Optional<String> after, int limit) {
        return events.page(tenant, customerId, after, limit);
    }

    @Override
    public List<TimelineEvent> all(TenantId tenant, String customerId) {
        return events.all(tenant, customerId);
    }

    @Override
    public void deleteAll(TenantId tenant, String customerId) {
        events.deleteAll(tenant, customerId);
    }

    private static TimelineEvent fromDocument(Document document) {
        TimelineEvent.Detail detail;
        if (document.containsKey("order")) {
            Document order = document.get("order", Document.class);
            detail = new TimelineEvent.OrderPlaced(order.getString("orderReference"),
                    CustomerDocuments.money(order.get("value", Document.class)));
        } else if (document.containsKey("contractEvent")) {
            Document change = document.get("contractEvent", Document.class);
            detail = new TimelineEvent.ContractChange(ContractEventKind.valueOf(change.getString("kind")),
                    change.getString("contractReference"), change.getString("details"));
        } else {
            Document note = document.get("note", Document.class);
            detail = new TimelineEvent.StaffNote(note.getString("text"), note.getString("author"));
        }
        return new TimelineEvent(document.getString("_id"), document.getString("customerId"),
                Times.toInstant(document.getDate("occurTime")), Times.toInstant(document.getDate("recordTime")), detail);
    }
}
