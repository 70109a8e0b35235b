package io.exceed.customer.store;

import java.util.List;

import org.bson.Document;

import io.exceed.customer.domain.ContractEventKind;
import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.customer.domain.event.CustomerEventType;
import io.exceed.eventing.OutboxRelay;
import io.exceed.defaults.storage.Times;

/**
 * The pending customer events inside a state document ({@value #FIELD} array): a timeline event carries the
 * events it announces, a customer the stale-expectations event of its latest snapshot. They are written with the
 * change itself, so both are stored or neither; the relay ({@link OutboxRelay}) moves them into the feed.
 */
public final class CustomerOutbox {

    public static final String FIELD = OutboxRelay.FIELD;
    public static final String TIMELINE_EVENTS = "timeline_events";
    public static final String CUSTOMERS = "customers";

    /** The collections whose documents may carry an outbox. */
    public static final List<String> SOURCES = List.of(TIMELINE_EVENTS, CUSTOMERS);

    private CustomerOutbox() {
    }

    public static Document toDocument(CustomerEvent event) {
        return new Document("_id", event.id())
                .append("type", event.type().name())
                .append("customerId", event.customerId())
                .append("sourceId", event.sourceId())
                .append("occurTime", Times.toDate(event.occurTime()))
                .append("orderValue", event.orderValue() == null ? null : CustomerDocuments.money(event.orderValue()))
                .append("contractKind", event.contractKind() == null ? null : event.contractKind().name());
    }

    public static List<Document> toDocuments(List<CustomerEvent> events) {
        return events.stream().map(CustomerOutbox::toDocument).toList();
    }

    public static CustomerEvent fromDocument(Document document) {
        Document value = document.get("orderValue", Document.class);
        String kind = document.getString("contractKind");
        return new CustomerEvent(document.getString("_id"), CustomerEventType.valueOf(document.getString("type")),
                document.getString("customerId"), document.getString("sourceId"),
                Times.toInstant(document.getDate("occurTime")),
                value == null ? null : CustomerDocuments.money(value),
                kind == null ? null : ContractEventKind.valueOf(kind));
    }
}
