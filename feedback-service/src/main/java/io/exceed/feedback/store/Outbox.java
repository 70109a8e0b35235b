package io.exceed.feedback.store;

import java.util.List;

import org.bson.Document;

import io.exceed.eventing.OutboxRelay;
import io.exceed.defaults.storage.Times;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.event.FeedbackEventType;

/**
 * The pending events inside a state document ({@value #FIELD} array). A store appends them with the
 * same insert or update that makes the change, so a change and its events are stored together or not
 * at all; the relay ({@link OutboxRelay}) later moves them into the feed and removes them. Stores name the
 * documents they gave pending events in {@link io.exceed.eventing.OutboxHints}, so the relay need not scan.
 */
public final class Outbox {

    public static final String FIELD = OutboxRelay.FIELD;

    /** The collections whose documents may carry an outbox. */
    public static final List<String> SOURCES = List.of(FeedbackCollections.RESPONSES, FeedbackCollections.COMPLAINTS);

    private Outbox() {
    }

    public static Document toDocument(FeedbackEvent event) {
        return new Document("_id", event.id())
                .append("type", event.type().name())
                .append("customerId", event.customerId())
                .append("responseId", event.responseId())
                .append("surveyId", event.surveyId())
                .append("npsScore", event.npsScore())
                .append("complaintId", event.complaintId())
                .append("category", event.category())
                .append("severity", event.severity())
                .append("occurTime", Times.toDate(event.occurTime()));
    }

    public static List<Document> toDocuments(List<FeedbackEvent> events) {
        return events.stream().map(Outbox::toDocument).toList();
    }

    public static FeedbackEvent fromDocument(Document document) {
        return new FeedbackEvent(
                document.getString("_id"),
                FeedbackEventType.valueOf(document.getString("type")),
                document.getString("customerId"),
                document.getString("responseId"),
                document.getString("surveyId"),
                document.getInteger("npsScore"),
                document.getString("complaintId"),
                document.getString("category"),
                document.getString("severity"),
                Times.toInstant(document.getDate("occurTime")));
    }
}
