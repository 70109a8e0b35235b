package io.exceed.feedback;

import java.io.IOException;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.exceed.testing.GrpcServiceTest;

/**
 * Starts feedback-service on random ports with its own fresh store (embedded, or MongoDB when
 * MONGODB_URI is set) and talks to it through generated stubs over a real socket. Each test uses fresh
 * tenants, so tests never see each other's data.
 */
@SpringBootTest(classes = FeedbackServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.grpc.server.port=0",
                "exceed.storage.database=feedback-test-${random.uuid}",
                "exceed.storage.data-dir=target/test-data",
                // Crash durability is proven by EmbeddedMongoServerTest and StoreCrashSystemTest; committing every
                // write here would only make these tests several times slower.
                "exceed.storage.durability=deferred",
                // Tests relay explicitly (MongoEventFeed.relayOnce), so a background run never races their figures.
                "exceed.feedback.events.relay-interval=1h",
                "exceed.feedback.events.playbooks.interval=1h",
                "exceed.feedback.events.relationship.interval=1h",
                "exceed.feedback.recovery.interval=1h",
                // Tests send e-mail explicitly (MailDispatcher.dispatchDue), to loopback SMTP servers they start.
                "exceed.feedback.mail.interval=1h",
                "exceed.feedback.mail.secret-key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                // Tests take followup-service down on purpose; a breaker opened by that would refuse the next test's calls.
                "exceed.clients.followup-service.breaker.minimum-calls=100000",
                "exceed.clients.customer-service.breaker.minimum-calls=100000",
        })
public abstract class FeedbackServiceTestBase extends GrpcServiceTest {

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) throws IOException {
        String target = FakeFollowUps.INSTANCE.target();
        registry.add("exceed.clients.followup-service.address", () -> target);
        String customers = FakeCustomers.INSTANCE.target();
        registry.add("exceed.clients.customer-service.address", () -> customers);
        // Texts go to WireMock on loopback, never to a real provider.
        String twilio = LoopbackTwilio.baseUrl();
        registry.add("exceed.feedback.sms.provider-base-url", () -> twilio);
    }
}
