package io.exceed.followup.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.Revisions;
import io.exceed.followup.domain.erasure.CustomerErasure;
import io.exceed.followup.domain.erasure.ErasureStore;
import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventType;
import io.exceed.followup.domain.followup.FollowUp;

/**
 * Scrubs follow-ups in {@value FollowUpCollections#FOLLOW_UPS}, their events in
 * {@value FollowUpCollections#FOLLOW_UP_EVENTS} and their deliveries in
 * {@value FollowUpCollections#WEBHOOK_DELIVERIES} (whose event ids start with the follow-up's id). A delivery still
 * pending sends the scrubbed body.
 */
public class MongoErasureStore implements ErasureStore {

    private static final int MAX_ATTEMPTS = 10;

    private final MongoCollection<Document> followUps;
    private final MongoCollection<Document> events;
    private final MongoCollection<Document> deliveries;
    private final Function<FollowUpEvent, String> body;
    private final DeadLetters deadLetters;

    /** @param body an event as webhook receivers read it, the same rendering the deliveries were made with */
    public MongoErasureStore(MongoDatabase database, DeadLetters deadLetters, Function<FollowUpEvent, String> body) {
        this.deadLetters = deadLetters;
        this.followUps = database.getCollection(FollowUpCollections.FOLLOW_UPS);
        this.events = database.getCollection(FollowUpCollections.FOLLOW_UP_EVENTS);
        this.deliveries = database.getCollection(FollowUpCollections.WEBHOOK_DELIVERIES);
        this.body = body;
    }

    @Override
    public long scrub(TenantId tenant, String customerId, UnaryOperator<FollowUp> scrub) {
        List<String> ids = new ArrayList<>();
        followUps.find(TenantScope.filter(tenant, Filters.eq("customerId", customerId)))
                .forEach(document -> ids.add(document.getString("_id")));
        long scrubbed = 0;
        for (String id : ids) {
            scrubbed += scrubOne(tenant, id, customerId, scrub) ? 1 : 0;
        }
        // The contact checks refused for them concern nobody now.
        deadLetters.forgetCustomer(tenant, customerId);
        return scrubbed;
    }

    private boolean scrubOne(TenantId tenant, String id, String customerId, UnaryOperator<FollowUp> scrub) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Document stored = followUps.find(TenantScope.filter(tenant, Filters.eq("_id", id),
                    Filters.eq("customerId", customerId))).first();
            if (stored == null) {
                return false;
            }
            FollowUp current = MongoFollowUpStore.fromDocument(stored);
            Map<String, FollowUpEvent> scrubbedEvents = scrubEvents(tenant, id, scrub);
            scrubDeliveries(tenant, current, scrubbedEvents, scrub);
            if (Revisions.replace(followUps, tenant, MongoFollowUpStore.toDocument(scrub.apply(current)),
                    current.revision(), Optional.empty())) {
                return true;
            }
        }
        throw new IllegalStateException("follow-up " + id + " kept changing while it was being scrubbed; retry");
    }

    @Override
    public Optional<String> pseudonymOf(TenantId tenant, String followUpId) {
        Document stored = followUps.find(TenantScope.filter(tenant, Filters.eq("_id", followUpId)))
                .projection(new Document("customerId", 1)).first();
        return Optional.ofNullable(stored).map(document -> document.getString("customerId"))
                .filter(customerId -> customerId.startsWith(CustomerErasure.PSEUDONYM_PREFIX));
    }

    @Override
    public void replaceEvent(TenantId tenant, FollowUpEvent event) {
        events.updateOne(TenantScope.filter(tenant, Filters.eq("_id", event.id())),
                Updates.set("followUp", MongoFollowUpStore.toDocument(event.followUp())));
        deliveries.updateMany(TenantScope.filter(tenant, Filters.eq("eventId", event.id())),
                Updates.set("body", body.apply(event)));
    }

    private Map<String, FollowUpEvent> scrubEvents(TenantId tenant, String followUpId, UnaryOperator<FollowUp> scrub) {
        Map<String, FollowUpEvent> scrubbed = new HashMap<>();
        for (Document document : events.find(TenantScope.filter(tenant, Filters.eq("followUp._id", followUpId)))) {
            FollowUpEvent event = MongoFollowUpEventFeed.fromDocument(document);
            FollowUpEvent clean = new FollowUpEvent(event.id(), event.type(), scrub.apply(event.followUp()),
                    event.escalationTarget(), event.occurTime());
            events.updateOne(TenantScope.filter(tenant, Filters.eq("_id", event.id())),
                    Updates.set("followUp", MongoFollowUpStore.toDocument(clean.followUp())));
            scrubbed.put(event.id(), clean);
        }
        return scrubbed;
    }

    private void scrubDeliveries(TenantId tenant, FollowUp current, Map<String, FollowUpEvent> scrubbedEvents,
            UnaryOperator<FollowUp> scrub) {
        Pattern ofFollowUp = Pattern.compile("^" + Pattern.quote(current.id() + "."));
        for (Document delivery : deliveries.find(TenantScope.filter(tenant, Filters.regex("eventId", ofFollowUp)))) {
            String eventId = delivery.getString("eventId");
            // An event missing from the feed (a crash between its sinks) is rendered from the follow-up as it is.
            FollowUpEvent event = scrubbedEvents.getOrDefault(eventId, new FollowUpEvent(eventId,
                    FollowUpEventType.valueOf(delivery.getString("eventType")), scrub.apply(current), null,
                    Times.toInstant(delivery.getDate("createTime"))));
            deliveries.updateOne(TenantScope.filter(tenant, Filters.eq("_id", delivery.get("_id"))),
                    Updates.set("body", body.apply(event)));
        }
    }
}
