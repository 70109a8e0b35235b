package io.exceed.feedback.store;


import org.bson.Document;

import io.exceed.defaults.storage.Times;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.event.FeedbackEventType;

/**
 * Feedback events as stored: in the outbox of the response or complaint whose change caused them, then in the feed
 * ({@link io.exceed.eventing.Outbox}, {@link io.exceed.eventing.Feed}).
 */
public final class FeedbackEventDocuments {

    private FeedbackEventDocuments() {
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


    public static FeedbackEvent fromDocument(Document document) {
        return FeedbackEvent.builder()
                .id(document.getString("_id"))
                .type(FeedbackEventType.valueOf(document.getString("type")))
                .customerId(document.getString("customerId"))
                .responseId(document.getString("responseId"))
                .surveyId(document.getString("surveyId"))
                .npsScore(document.getInteger("npsScore"))
                .complaintId(document.getString("complaintId"))
                .category(document.getString("category"))
                .severity(document.getString("severity"))
                .occurTime(Times.toInstant(document.getDate("occurTime")))
                .build();
    }
}
