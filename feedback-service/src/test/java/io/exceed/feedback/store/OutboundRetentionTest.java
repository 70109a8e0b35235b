package io.exceed.feedback.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.secrets.SecretCipher;
import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.FeedbackServiceTestBase;
import io.exceed.feedback.application.OutboundRetention;
import io.exceed.feedback.config.MailProperties;
import io.exceed.feedback.domain.outbound.OutboundMessage;
import io.exceed.feedback.domain.outbound.OutboundMessageKind;
import io.exceed.feedback.domain.outbound.OutboundMessageState;
import io.exceed.feedback.domain.outbound.OutboundMessageStore;
import io.exceed.feedback.domain.response.Channel;
import io.exceed.feedback.domain.response.ContactPurpose;
import io.exceed.feedback.domain.unsubscribe.UnsubscribeLink;
import io.exceed.testing.MutableClock;

/**
 * What the platform sent is kept for the retention period after it ended, then purged with the unsubscribe links
 * that expired, on a database of its own (the purge spans every tenant), through the real driver.
 */
class OutboundRetentionTest extends FeedbackServiceTestBase {

    private static final Duration RETENTION = Duration.ofDays(30);
    private static final TenantId ACME = new TenantId("acme");
    private static final TenantId GLOBEX = new TenantId("globex");

    @Autowired
    private MongoClient client;
    @Autowired
    private MailProperties mail;

    private final MutableClock time = new MutableClock();
    private MongoDatabase database;
    private MongoOutboundMessageStore messages;
    private MongoUnsubscribeLinkStore links;

    @BeforeEach
    void freshDatabase() {
        database = client.getDatabase("feedback-retention-" + UUID.randomUUID());
        FeedbackCollections.createIndexes(database, new ExactKeyIndexes(true));
        messages = new MongoOutboundMessageStore(database, Optional.of(new SecretCipher(
                MongoOutboundMessageStore.TOKENS, mail.secretKey(), mail.previousSecretKeys())), "replica-a", time);
        links = new MongoUnsubscribeLinkStore(database);
    }

    @AfterEach
    void dropDatabase() {
        database.drop();
    }

    @Test
    void messagesEndedLongerThanTheRetentionAgoAndExpiredLinksGoInBatchesWhileMessagesStillToBeSentStay() {
        List<String> sentLongAgo = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = queue(i % 2 == 0 ? ACME : GLOBEX, "sent-" + i);
            sentLongAgo.add(id);
        }
        String failedLongAgo = queue(ACME, "failed");
        String deferred = queue(ACME, "deferred");
        String neverAttempted = queue(GLOBEX, "queued");
        for (OutboundMessageStore.Claimed claimed : messages.claimDue(time.instant(), Duration.ofMinutes(1), 100)) {
            String id = claimed.message().id();
            if (sentLongAgo.contains(id)) {
                messages.sent(claimed.tenant(), id, "en", 1, time.instant());
            } else if (id.equals(failedLongAgo)) {
                messages.finished(claimed.tenant(), id, OutboundMessageState.BOUNCED, "SMTP 550 5.1.1", 1);
            } else if (id.equals(deferred)) {
                messages.deferred(claimed.tenant(), id, "SMTP 451", 1, time.instant().plus(Duration.ofDays(60)));
            }
        }
        database.getCollection(FeedbackCollections.OUTBOUND_MESSAGES).insertOne(new Document("_id", "before-finish-times")
                .append("tenant", ACME.value()).append("key", "legacy").append("customerId", "c-legacy")
                .append("kind", OutboundMessageKind.SURVEY_INVITATION.name()).append("purpose", "TRANSACTIONAL")
                .append("state", OutboundMessageState.SENT.name())
                .append("createTime", Times.toDate(time.instant())));
        link("expired-1", time.instant().plus(Duration.ofDays(10)));
        link("expired-2", time.instant().plus(Duration.ofDays(31)));
        link("live", time.instant().plus(Duration.ofDays(60)));

        time.advance(RETENTION.plusDays(1));
        String sentRecently = queue(ACME, "recent");
        messages.claimDue(time.instant(), Duration.ofMinutes(1), 100).stream()
                .filter(claimed -> claimed.message().id().equals(sentRecently))
                .forEach(claimed -> messages.sent(ACME, sentRecently, "en", 1, time.instant()));

        OutboundRetention retention = new OutboundRetention(messages, links, RETENTION, 2, time);
        assertThat(retention.purge()).isEqualTo(new OutboundRetention.Purged(5, 2));

        assertThat(remaining()).containsExactlyInAnyOrder(deferred, neverAttempted, sentRecently);
        assertThat(links.findByTokenHash("live")).isPresent();
        assertThat(links.findByTokenHash("expired-1")).isEmpty();
        assertThat(retention.purge()).as("nothing left to purge").isEqualTo(new OutboundRetention.Purged(0, 0));
    }

    @Test
    void aRetentionShorterThanAWeekIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new OutboundRetention(messages, links, Duration.ofDays(6), 100, time))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceed.feedback.mail.retention")
                .hasMessageContaining("at least 7 days");
        assertThatThrownBy(() -> new OutboundRetention(messages, links, RETENTION, 0, time))
                .hasMessageContaining("exceed.feedback.mail.purge-batch");
    }

    private String queue(TenantId tenant, String name) {
        String id = name + "-" + UUID.randomUUID();
        return messages.queue(tenant, OutboundMessage.builder().id(id).customerId("c-" + name)
                .invitationId("inv-" + id).kind(OutboundMessageKind.SURVEY_INVITATION)
                .purpose(ContactPurpose.TRANSACTIONAL).messageIdHeader("<" + id + "@exceed>")
                .createTime(time.instant()).nextAttemptTime(time.instant()).build(), () -> "token-" + id);
    }

    private void link(String tokenHash, Instant expireTime) {
        links.insert(tokenHash, new UnsubscribeLink(ACME, "c-1", Channel.EMAIL, "m-1", time.instant(), expireTime));
    }

    private List<String> remaining() {
        List<String> ids = new ArrayList<>();
        database.getCollection(FeedbackCollections.OUTBOUND_MESSAGES).find()
                .forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }
}
