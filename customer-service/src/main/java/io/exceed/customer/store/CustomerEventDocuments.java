package io.exceed.customer.store;

import org.bson.Document;

import io.exceed.customer.domain.ContractEventKind;
import io.exceed.customer.domain.RelationshipState;
import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.customer.domain.event.CustomerEventType;
import io.exceed.defaults.storage.Times;

/**
 * Customer events as stored: in the outbox of the timeline event or customer whose change caused them, then in the
 * feed ({@link io.exceed.eventing.Outbox}, {@link io.exceed.eventing.Feed}).
 */
public final class CustomerEventDocuments {

    private CustomerEventDocuments() {
    }

    public static Document toDocument(CustomerEvent event) {
        return new Document("_id", event.id())
                .append("type", event.type().name())
                .append("customerId", event.customerId())
                .append("sourceId", event.sourceId())
                .append("occurTime", Times.toDate(event.occurTime()))
                .append("orderValue", event.orderValue() == null ? null : CustomerDocuments.money(event.orderValue()))
                .append("contractKind", event.contractKind() == null ? null : event.contractKind().name())
                .append("relationship", event.relationship() == null ? null : event.relationship().name())
                .append("previousRelationship",
                        event.previousRelationship() == null ? null : event.previousRelationship().name());
    }

    public static CustomerEvent fromDocument(Document document) {
        Document value = document.get("orderValue", Document.class);
        String kind = document.getString("contractKind");
        return new CustomerEvent(document.getString("_id"), CustomerEventType.valueOf(document.getString("type")),
                document.getString("customerId"), document.getString("sourceId"),
                Times.toInstant(document.getDate("occurTime")),
                value == null ? null : CustomerDocuments.money(value),
                kind == null ? null : ContractEventKind.valueOf(kind),
                relationship(document, "relationship"), relationship(document, "previousRelationship"));
    }

    private static RelationshipState relationship(Document document, String field) {
        String state = document.getString(field);
        return state == null ? null : RelationshipState.valueOf(state);
    }
}
