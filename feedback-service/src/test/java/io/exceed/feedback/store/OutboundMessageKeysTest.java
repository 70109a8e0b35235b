package io.exceed.feedback.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.exceed.defaults.secrets.SecretCipher;
import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.FeedbackServiceTestBase;
import io.exceed.feedback.config.MailProperties;
import io.exceed.feedback.domain.outbound.OutboundMessage;
import io.exceed.feedback.domain.outbound.OutboundMessageKind;
import io.exceed.feedback.domain.response.ContactPurpose;

/**
 * Outbound messages are unique by key; a database from before keys (one message per invitation and kind, by a
 * unique index that would refuse a second reminder) is keyed and its index replaced at start, on the real driver.
 */
class OutboundMessageKeysTest extends FeedbackServiceTestBase {

    @Autowired
    private MongoClient client;
    @Autowired
    private MailProperties mail;

    @Test
    void messagesQueuedBeforeKeysExistedAreKeyedAndTheFirstSlicesIndexMakesWayForReminders() {
        MongoDatabase earlier = client.getDatabase("feedback-first-slice-" + UUID.randomUUID());
        MongoCollection<Document> stored = earlier.getCollection(FeedbackCollections.OUTBOUND_MESSAGES);
        stored.createIndex(Indexes.ascending("tenant", "invitationId", "kind"), new IndexOptions().unique(true));
        for (String invitationId : List.of("inv-1", "inv-2")) {
            stored.insertOne(new Document("_id", "msg-" + invitationId).append("tenant", "acme")
                    .append("customerId", "c-1").append("invitationId", invitationId)
                    .append("kind", "SURVEY_INVITATION").append("purpose", "TRANSACTIONAL").append("state", "SENT"));
        }

        FeedbackCollections.createIndexes(earlier, new ExactKeyIndexes(true));
        FeedbackCollections.createIndexes(earlier, new ExactKeyIndexes(true));

        List<Document> indexes = new ArrayList<>();
        stored.listIndexes().forEach(indexes::add);
        assertThat(indexes).extracting(index -> index.get("key", Document.class))
                .contains(new Document("tenant", 1).append("key", 1))
                .doesNotContain(new Document("tenant", 1).append("invitationId", 1).append("kind", 1));
        MongoOutboundMessageStore store = new MongoOutboundMessageStore(earlier, Optional.of(new SecretCipher(
                MongoOutboundMessageStore.TOKENS, mail.secretKey(), mail.previousSecretKeys())), "replica-a", clock);
        TenantId acme = new TenantId("acme");
        assertThat(store.findByKey(acme, OutboundMessage.invitationKey("inv-1"))).map(OutboundMessage::id)
                .contains("msg-inv-1");
        for (int number = 1; number <= 2; number++) {
            for (int again = 0; again < 2; again++) {
                store.queue(acme, OutboundMessage.builder().id("reminder-" + number + "-" + again).customerId("c-1")
                        .invitationId("inv-1").kind(OutboundMessageKind.REMINDER).reminderNumber(number)
                        .purpose(ContactPurpose.TRANSACTIONAL).messageIdHeader("<r@acme.test>")
                        .createTime(clock.instant()).nextAttemptTime(clock.instant()).build(), () -> "token");
            }
        }
        assertThat(stored.countDocuments(Filters.eq("kind", OutboundMessageKind.REMINDER.name())))
                .as("two reminders of one invitation, each once").isEqualTo(2);
        earlier.drop();
    }
}
