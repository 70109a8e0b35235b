package io.exceed.feedback;

import org.springframework.boot.test.context.SpringBootTest;

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
                // Tests relay explicitly (MongoEventFeed.relayOnce), so a background run never races their figures.
                "exceed.feedback.events.relay-interval=1h",
        })
public abstract class FeedbackServiceTestBase extends GrpcServiceTest {
}
