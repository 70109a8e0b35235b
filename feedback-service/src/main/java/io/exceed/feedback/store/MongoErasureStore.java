package io.exceed.feedback.store;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.Outbox;
import io.exceed.feedback.domain.erasure.ErasureStore;

/**
 * Pseudonymises one customer's documents in place. Each document is matched by its id and the original customer
 * id, so a document changed once is never matched again and a repeated call finishes what an interrupted one left.
 * The sources (responses, complaints) go before the feed: an event the relay moves into the feed meanwhile still
 * carries the original id there, and the feed pass after them catches it.
 */
public class MongoErasureStore implements ErasureStore {

    private static final String CUSTOMER_ID = "customerId";

    private final MongoCollection<Document> responses;
    private final MongoCollection<Document> invitations;
    private final MongoCollection<Document> complaints;
    private final MongoCollection<Document> events;
    private final MongoCollection<Document> recoverySurveys;
    private final MongoRollups rollups;
    private final MongoCollection<Document> outboundMessages;
    private final MongoCollection<Document> unsubscribeLinks;
    private final MongoCollection<Document> textedNumbers;
    private final DeadLetters deadLetters;

    public MongoErasureStore(MongoDatabase database, MongoRollups rollups, DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        this.responses = database.getCollection(FeedbackCollections.RESPONSES);
        this.invitations = database.getCollection(FeedbackCollections.INVITATIONS);
        this.complaints = database.getCollection(FeedbackCollections.COMPLAINTS);
        this.events = database.getCollection(FeedbackCollections.FEEDBACK_EVENTS);
        this.recoverySurveys = database.getCollection(FeedbackCollections.RECOVERY_SURVEYS);
        this.rollups = rollups;
        this.outboundMessages = database.getCollection(FeedbackCollections.OUTBOUND_MESSAGES);
        this.unsubscribeLinks = database.getCollection(FeedbackCollections.UNSUBSCRIBE_LINKS);
        this.textedNumbers = database.getCollection(FeedbackCollections.TEXTED_NUMBERS);
    }

    @Override
    public Pseudonymised pseudonymise(TenantId tenant, String customerId, String pseudonym) {
        long responseCount = 0;
        for (Document response : responses.find(ofCustomer(tenant, customerId))) {
            List<Document> answers = new ArrayList<>();
            for (Document answer : response.getList("answers", Document.class)) {
                answers.add(answer.get("text") == null ? answer : new Document(answer).append("text", ""));
            }
            responseCount += responses.updateOne(same(tenant, response, customerId), Updates.combine(
                    Updates.set(CUSTOMER_ID, pseudonym),
                    Updates.set("answers", answers),
                    Updates.set(Outbox.FIELD, outbox(response, pseudonym)))).getModifiedCount();
        }
        long complaintCount = 0;
        for (Document complaint : complaints.find(ofCustomer(tenant, customerId))) {
            List<Bson> changes = new ArrayList<>(List.of(
                    Updates.set(CUSTOMER_ID, pseudonym),
                    Updates.set("text", ""),
                    Updates.set("orderReference", ""),
                    Updates.set(Outbox.FIELD, outbox(complaint, pseudonym)),
                    // A transition that read the complaint before now fails its compare-and-set and re-reads it,
                    // instead of writing the customer's text back.
                    Updates.inc("revision", 1L)));
            if (complaint.get("resolution") != null) {
                changes.add(Updates.set("resolution.remedyDescription", ""));
            }
            complaintCount += complaints.updateOne(same(tenant, complaint, customerId), Updates.combine(changes))
                    .getModifiedCount();
        }
        long invitationCount = invitations.updateMany(ofCustomer(tenant, customerId),
                Updates.set(CUSTOMER_ID, pseudonym)).getModifiedCount();
        long eventCount = events.updateMany(ofCustomer(tenant, customerId), Updates.set(CUSTOMER_ID, pseudonym))
                .getModifiedCount();
        // A pending one then asks the governor about the pseudonym, an unknown customer, and is skipped.
        long recoverySurveyCount = recoverySurveys.updateMany(ofCustomer(tenant, customerId),
                Updates.set(CUSTOMER_ID, pseudonym)).getModifiedCount();
        rollups.moveRecoveryAnswers(tenant, customerId, pseudonym);
        // Unsent ones then find their invitation revoked and are skipped; none keeps a survey link or an address.
        outboundMessages.updateMany(ofCustomer(tenant, customerId), Updates.combine(Updates.set(CUSTOMER_ID, pseudonym),
                Updates.unset(MongoOutboundMessageStore.SURVEY_TOKEN), Updates.unset(MongoOutboundMessageStore.TO)));
        // A STOP from a number the customer was texted at concerns nobody now; a number left without customers goes.
        textedNumbers.updateMany(TenantScope.filter(tenant, Filters.eq(MongoTextedNumberStore.CUSTOMER_IDS,
                customerId)), Updates.pull(MongoTextedNumberStore.CUSTOMER_IDS, customerId));
        textedNumbers.deleteMany(TenantScope.filter(tenant, Filters.size(MongoTextedNumberStore.CUSTOMER_IDS, 0)));
        // The links in sent e-mails would name the customer to customer-service, where nobody is left to unsubscribe.
        unsubscribeLinks.deleteMany(ofCustomer(tenant, customerId));
        // Dead letters name the customer by id only, but the work they stand for concerns nobody now.
        deadLetters.forgetCustomer(tenant, customerId);
        return new Pseudonymised(responseCount, invitationCount, complaintCount, eventCount, recoverySurveyCount);
    }

    private static Bson ofCustomer(TenantId tenant, String customerId) {
        return TenantScope.filter(tenant, Filters.eq(CUSTOMER_ID, customerId));
    }

    private static Bson same(TenantId tenant, Document document, String customerId) {
        return TenantScope.filter(tenant, Filters.eq("_id", document.get("_id")), Filters.eq(CUSTOMER_ID, customerId));
    }

    /** The document's pending events, now naming the pseudonym. */
    private static List<Document> outbox(Document document, String pseudonym) {
        return document.getList(Outbox.FIELD, Document.class, List.of()).stream()
                .map(event -> new Document(event).append(CUSTOMER_ID, pseudonym))
                .toList();
    }
}
