package io.exceed.system;

import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.feedback.v1.FeedbackEvent;
import io.exceed.feedback.v1.FeedbackEventServiceGrpc;
import io.exceed.feedback.v1.FeedbackEventType;
import io.exceed.feedback.v1.WatchFeedbackEventsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

/** A partner's generated stubs against the gateway's gRPC port, relayed to the real services. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartnerGrpcSystemTest {

    private Platform platform;
    private ManagedChannel channel;

    @BeforeAll
    void connect() {
        platform = Platform.started();
        channel = NettyChannelBuilder.forAddress("localhost", platform.partnerGrpcPort).usePlaintext().build();
    }

    @AfterAll
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static <S extends AbstractStub<S>> S withKey(S stub, String key) {
        Metadata bearer = new Metadata();
        bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @Test
    void aPartnerCreatesOverGrpcWhatIntegratorsReadOverRestAndWatchesTheEvents() {
        Rest rest = Rest.forNewTenant(platform, "p-" + UUID.randomUUID().toString().substring(0, 8));

        Customer created = withKey(CustomerServiceGrpc.newBlockingStub(channel), rest.bearer())
                .createCustomer(CreateCustomerRequest.newBuilder().setCustomer(Customer.newBuilder()
                        .setDisplayName("Gunnar").addEmails("gunnar@example.se")).build());

        assertThat(rest.get("/v1/customers/" + created.getId()).ok().get("displayName").getAsString())
                .isEqualTo("Gunnar");

        rest.post("/v1/complaints", json("{'customerId': '" + created.getId() + "', 'channel':"
                + " 'COMPLAINT_CHANNEL_EMAIL', 'category': 'Late delivery', 'severity': 'SEVERITY_LOW', 'text':"
                + " 'Two days late.'}")).ok();
        Iterator<FeedbackEvent> events = withKey(FeedbackEventServiceGrpc.newBlockingStub(channel), rest.bearer())
                .watchFeedbackEvents(WatchFeedbackEventsRequest.getDefaultInstance());
        FeedbackEvent first = events.next();
        assertThat(first.getType()).isEqualTo(FeedbackEventType.FEEDBACK_EVENT_TYPE_COMPLAINT_OPENED);
        assertThat(first.getCustomerId()).isEqualTo(created.getId());
    }
}
