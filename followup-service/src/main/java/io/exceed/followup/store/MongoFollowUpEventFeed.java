package io.exceed.followup.store;

import java.util.List;

import org.bson.Document;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.storage.Times;
import io.exceed.eventing.Feed;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventSink;
import io.exceed.followup.domain.event.FollowUpEventType;

/**
 * The tenant's follow-up event feed in {@value FollowUpCollections#FOLLOW_UP_EVENTS}, which watches and list
 * calls read. An event the scheduler hands over twice (after a crash) is stored once: its id is the document id.
 */
public class MongoFollowUpEventFeed implements FollowUpEventSink {

    private final Feed<FollowUpEvent> feed;

    /** The scheduler appends its events directly: they record no change of another document, so no outbox. */
    public MongoFollowUpEventFeed(MongoDatabase database) {
        this.feed = new Feed<>(database, FollowUpCollections.FOLLOW_UP_EVENTS,
                FollowUpCollections.FOLLOW_UP_EVENT_SEQUENCES, List.of(), MongoFollowUpEventFeed::fromDocument);
    }

    /** The feed as readers see it. */
    public Feed<FollowUpEvent> feed() {
        return feed;
    }

    @Override
    public void accept(TenantId tenant, FollowUpEvent event) {
        feed.append(tenant, toDocument(event));
    }

    static Document toDocument(FollowUpEvent event) {
        return new Document("_id", event.id())
                .append("type", event.type().name())
                .append("followUp", MongoFollowUpStore.toDocument(event.followUp()))
                .append("escalationTarget", event.escalationTarget())
                .append("occurTime", Times.toDate(event.occurTime()));
    }

    static FollowUpEvent fromDocument(Document document) {
        return new FollowUpEvent(document.getString("_id"), FollowUpEventType.valueOf(document.getString("type")),
                MongoFollowUpStore.fromDocument(document.get("followUp", Document.class)),
                document.getString("escalationTarget"), Times.toInstant(document.getDate("occurTime")));
    }
}
