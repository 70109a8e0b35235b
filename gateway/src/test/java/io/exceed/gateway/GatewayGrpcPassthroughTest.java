package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.CustomerState;
import io.exceed.customer.v1.EraseCustomerRequest;
import io.exceed.customer.v1.EraseCustomerResponse;
import io.exceed.customer.v1.ErasurePart;
import io.exceed.customer.v1.ErasurePartState;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.feedback.v1.FeedbackEvent;
import io.exceed.feedback.v1.FeedbackEventServiceGrpc;
import io.exceed.feedback.v1.GetSurveyFormRequest;
import io.exceed.feedback.v1.GetSurveyRequest;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.WatchFeedbackEventsRequest;
import io.exceed.gateway.passthrough.PartnerGrpcServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;

/**
 * Partners' gRPC calls through the gateway's own port with the contracts' generated stubs: relayed to the
 * fake backends on real ports with the key's tenant, streams with flow control, deadlines and cancellation
 * both ways, statuses with their details, and the same API keys and scopes as the REST API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exceed.storage.database=gateway-grpc-test-${random.uuid}",
        "exceed.storage.data-dir=target/test-data",
        "exceed.gateway.operator-token=" + GatewayGrpcPassthroughTest.OPERATOR_TOKEN})
class GatewayGrpcPassthroughTest {

    static final String OPERATOR_TOKEN = "operator-token-for-grpc-tests";
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TENANT = Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER);

    @LocalServerPort
    int httpPort;

    @Autowired
    PartnerGrpcServer grpcServer;

    @Autowired
    ServiceClients clients;

    ManagedChannel channel;
    String acmeAdminKey;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) throws IOException {
        String feedback = PartnerFeedbackBackend.start();
        FakeBackends.register(registry, () -> feedback);
        registry.add("exceed.gateway.deadline", () -> "1s");
    }

    @BeforeEach
    void connect() {
        channel = NettyChannelBuilder.forAddress("localhost", grpcServer.port()).usePlaintext().build();
        acmeAdminKey = issue("acme", "admin");
        FakeBackends.LAST_REQUEST.set(null);
        FakeBackends.LAST_METADATA.set(null);
        PartnerFeedbackBackend.reset();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aUnaryCallRoundTripsAsTheKeysTenant() {
        Customer customer = customers(acmeAdminKey).getCustomer(GetCustomerRequest.newBuilder().setCustomerId("c-7").build());

        assertThat(customer.getId()).isEqualTo("c-7");
        assertThat(customer.getDisplayName()).isEqualTo("Åsa Öberg");
        assertThat(customer.getCreateTime()).isEqualTo(FakeBackends.CREATED);
        assertThat(FakeBackends.LAST_REQUEST.get()).isEqualTo(GetCustomerRequest.newBuilder().setCustomerId("c-7").build());
        assertThat(FakeBackends.lastTenant()).isEqualTo("acme");
    }

    @Test
    void aServerStreamArrivesWholeAndInOrder() {
        Iterator<FeedbackEvent> events = FeedbackEventServiceGrpc.newBlockingStub(channel)
                .withInterceptors(key(acmeAdminKey))
                .watchFeedbackEvents(WatchFeedbackEventsRequest.newBuilder().setAfterSequence(PartnerFeedbackBackend.FEW).build());
        List<Long> sequences = new ArrayList<>();
        events.forEachRemaining(event -> sequences.add(event.getSequence()));

        assertThat(sequences).containsExactly(1L, 2L, 3L);
        assertThat(PartnerFeedbackBackend.LAST_METADATA.get().get(TENANT)).isEqualTo("acme");
    }

    @Test
    void aPartnerThatStopsReadingHoldsTheBackendBack() throws InterruptedException {
        ClientCall<WatchFeedbackEventsRequest, FeedbackEvent> call = channel.newCall(
                FeedbackEventServiceGrpc.getWatchFeedbackEventsMethod(), CallOptions.DEFAULT);
        List<FeedbackEvent> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + acmeAdminKey);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(FeedbackEvent message) {
                received.add(message);
            }
        }, headers);
        call.sendMessage(WatchFeedbackEventsRequest.newBuilder().setAfterSequence(PartnerFeedbackBackend.FLOOD).build());
        call.halfClose();
        call.request(1); // and never more

        assertThat(PartnerFeedbackBackend.await(PartnerFeedbackBackend.floodHeldBack)).isTrue();
        // The backend is held back for good: what it sent stops growing far below the whole flood, which a
        // gateway that read on regardless would have taken in a moment.
        long sent = awaitStable(PartnerFeedbackBackend.floodSent);
        assertThat(sent).isLessThan(PartnerFeedbackBackend.FLOOD_EVENTS / 2);
        call.cancel("done", null);
        assertThat(PartnerFeedbackBackend.await(PartnerFeedbackBackend.watchCancelled)).isTrue();
        assertThat(received).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void theCallersCancellationReachesTheBackend() throws Exception {
        Context.CancellableContext context = Context.current().withCancellation();
        Iterator<FeedbackEvent> events = context.call(() -> FeedbackEventServiceGrpc.newBlockingStub(channel)
                .withInterceptors(key(acmeAdminKey))
                .watchFeedbackEvents(WatchFeedbackEventsRequest.newBuilder()
                        .setAfterSequence(PartnerFeedbackBackend.HELD_OPEN).build()));
        assertThat(events.next().getSequence()).isEqualTo(PartnerFeedbackBackend.HELD_OPEN + 1);
        assertThat(PartnerFeedbackBackend.watchCancelled.getCount()).as("still open").isEqualTo(1);

        context.cancel(null);

        assertThat(PartnerFeedbackBackend.await(PartnerFeedbackBackend.watchCancelled)).isTrue();
    }

    @Test
    void theCallersDeadlineReachesTheBackend() {
        SurveyServiceGrpc.newBlockingStub(channel).withInterceptors(key(acmeAdminKey))
                .withDeadlineAfter(700, TimeUnit.MILLISECONDS)
                .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("s-1").build());

        // The gateway's own deadline is 1 s; the backend got the caller's shorter one.
        assertThat(PartnerFeedbackBackend.LAST_DEADLINE.get()).isNotNull();
        assertThat(PartnerFeedbackBackend.LAST_DEADLINE.get().timeRemaining(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(700);
    }

    /**
     * The attack issue 19 measured: watches with a 300 ms deadline, repeated, opened the breaker for every tenant.
     * The relay ends the backend call as cancelled when the partner's deadline passes, and the breaker never counts
     * a deadline the caller chose (ServiceClientsTest), so the backend is judged by nothing here.
     */
    @Test
    void watchesEndedByThePartnersShortDeadlineDoNotOpenTheBackendsBreaker() throws Exception {
        int watches = 10;
        CountDownLatch ended = new CountDownLatch(watches);
        List<Status.Code> endings = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < watches; i++) {
            FeedbackEventServiceGrpc.newStub(channel).withInterceptors(key(acmeAdminKey))
                    .withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                    .watchFeedbackEvents(WatchFeedbackEventsRequest.newBuilder()
                            .setAfterSequence(PartnerFeedbackBackend.HELD_OPEN).build(), new StreamObserver<>() {
                                @Override
                                public void onNext(FeedbackEvent event) {
                                }

                                @Override
                                public void onError(Throwable failure) {
                                    endings.add(Status.fromThrowable(failure).getCode());
                                    ended.countDown();
                                }

                                @Override
                                public void onCompleted() {
                                    ended.countDown();
                                }
                            });
        }
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(endings).hasSize(watches).containsOnly(Status.Code.DEADLINE_EXCEEDED);

        assertThat(clients.breaker("feedback-service").getState()).as("the partner chose to stop waiting")
                .isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(SurveyServiceGrpc.newBlockingStub(channel).withInterceptors(key(acmeAdminKey))
                .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("s-1").build()).getId()).isEqualTo("s-1");
    }

    @Test
    void aCallWithADeadlineTooShortToRelayIsAnsweredWithoutCallingTheBackend() {
        assertThatThrownBy(() -> SurveyServiceGrpc.newBlockingStub(channel).withInterceptors(key(acmeAdminKey))
                .withDeadlineAfter(40, TimeUnit.MILLISECONDS)
                .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("s-1").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        failure -> assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        assertThat(PartnerFeedbackBackend.LAST_METADATA.get()).as("the backend was not called").isNull();
    }

    @Test
    void aUnaryCallWithoutDeadlineGetsTheGateways() {
        SurveyServiceGrpc.newBlockingStub(channel).withInterceptors(key(acmeAdminKey))
                .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("s-1").build());
        assertThat(PartnerFeedbackBackend.LAST_DEADLINE.get()).isNotNull();
        assertThat(PartnerFeedbackBackend.LAST_DEADLINE.get().timeRemaining(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(1000);

        assertThatThrownBy(() -> SurveyServiceGrpc.newBlockingStub(channel).withInterceptors(key(acmeAdminKey))
                .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("slow").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        failure -> assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    }

    @Test
    void aBackendsErrorArrivesWithItsDetails() {
        assertThatThrownBy(() -> customers(acmeAdminKey).getCustomer(GetCustomerRequest.newBuilder().setCustomerId("missing").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, failure -> {
                    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(failure.getStatus().getDescription()).isEqualTo("customer missing not found");
                    assertThat(reason(failure)).isEqualTo("CUSTOMER_NOT_FOUND");
                });
        assertThatThrownBy(() -> customers(acmeAdminKey).createCustomer(CreateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setDisplayName(" ")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, failure -> {
                    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    com.google.rpc.Status rich = StatusProto.fromThrowable(failure);
                    assertThat(rich.getDetailsList()).anySatisfy(detail -> {
                        assertThat(detail.is(BadRequest.class)).isTrue();
                        assertThat(unpack(detail, BadRequest.class).getFieldViolations(0).getField())
                                .isEqualTo("customer.display_name");
                    });
                });
    }

    @Test
    void aStreamThatFailsMidwayEndsWithTheBackendsStatusAndTrailers() {
        AtomicReference<Metadata> responseHeaders = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        Iterator<FeedbackEvent> events = FeedbackEventServiceGrpc.newBlockingStub(channel)
                .withInterceptors(key(acmeAdminKey),
                        MetadataUtils.newCaptureMetadataInterceptor(responseHeaders, trailers))
                .watchFeedbackEvents(WatchFeedbackEventsRequest.newBuilder()
                        .setAfterSequence(PartnerFeedbackBackend.FAILS_MIDWAY).build());

        assertThat(events.next().getSequence()).isEqualTo(PartnerFeedbackBackend.FAILS_MIDWAY + 1);
        assertThatThrownBy(events::next).isInstanceOfSatisfying(StatusRuntimeException.class, failure -> {
            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(failure.getStatus().getDescription()).isEqualTo("the feed was reset");
            assertThat(reason(failure)).isEqualTo("FEED_RESET");
        });
        assertThat(responseHeaders.get().get(PartnerFeedbackBackend.BACKEND_HEADER)).isEqualTo("from-feedback");
        assertThat(trailers.get().get(PartnerFeedbackBackend.BACKEND_TRAILER)).isEqualTo("done");
    }

    @Test
    void anErasureReportListsTheGatewaysPartToo() {
        Customer created = customers(acmeAdminKey).createCustomer(CreateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setDisplayName("Ann")).build());

        EraseCustomerResponse report = customers(acmeAdminKey)
                .eraseCustomer(EraseCustomerRequest.newBuilder().setCustomerId(created.getId()).build());

        assertThat(report.getCustomer().getState()).isEqualTo(CustomerState.CUSTOMER_STATE_ERASED);
        assertThat(report.getPartsList()).extracting(ErasurePart::getService)
                .containsExactly("customer-service", "feedback-service", "followup-service", "gateway");
        assertThat(report.getParts(3)).isEqualTo(ErasurePart.newBuilder().setService("gateway")
                .setState(ErasurePartState.ERASURE_PART_STATE_COMPLETED).setCompleteTime(FakeBackends.ERASED).build());
    }

    @Test
    void thePartnersMetadataPassesButNotItsKeyNorATenant() {
        Metadata extra = new Metadata();
        extra.put(Metadata.Key.of("x-partner-trace", Metadata.ASCII_STRING_MARSHALLER), "trace-42");
        extra.put(Metadata.Key.of("x-partner-blob-bin", Metadata.BINARY_BYTE_MARSHALLER), new byte[] {1, 2, 3});
        extra.put(TENANT, "globex");
        extra.put(TENANT, "initech");

        customers(acmeAdminKey).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(extra))
                .getCustomer(GetCustomerRequest.newBuilder().setCustomerId("c-1").build());

        Metadata seen = FakeBackends.LAST_METADATA.get();
        assertThat(seen.getAll(TENANT)).containsExactly("acme");
        assertThat(seen.get(Metadata.Key.of("x-partner-trace", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("trace-42");
        assertThat(seen.get(Metadata.Key.of("x-partner-blob-bin", Metadata.BINARY_BYTE_MARSHALLER))).containsExactly(1, 2, 3);
        assertThat(seen.containsKey(AUTHORIZATION)).as("the key stays at the gateway").isFalse();
    }

    @Test
    void noWrongOrRevokedKeyIsUnauthenticated() {
        assertStatus(() -> CustomerServiceGrpc.newBlockingStub(channel)
                .getCustomer(GetCustomerRequest.newBuilder().setCustomerId("c-1").build()), Status.Code.UNAUTHENTICATED, "API key is required");
        assertStatus(() -> customers("exk_" + "A".repeat(43))
                .getCustomer(GetCustomerRequest.newBuilder().setCustomerId("c-1").build()), Status.Code.UNAUTHENTICATED, "not valid");
        assertStatus(() -> customers(OPERATOR_TOKEN)
                .getCustomer(GetCustomerRequest.newBuilder().setCustomerId("c-1").build()), Status.Code.UNAUTHENTICATED, "not valid");

        JsonObject issued = issueFull("globex", "customers:read");
        String key = issued.get("key").getAsString();
        customers(key).getCustomer(GetCustomerRequest.newBuilder().setCustomerId("c-1").build());
        operator().post().uri("/admin/v1/tenants/globex/apiKeys/{id}:revoke", issued.get("id").getAsString())
                .exchange().expectStatus().isOk();
        FakeBackends.LAST_REQUEST.set(null);
        assertStatus(() -> customers(key).getCustomer(GetCustomerRequest.newBuilder().setCustomerId("c-1").build()),
                Status.Code.UNAUTHENTICATED, "not valid");
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void aKeyWithoutTheMethodsScopeIsPermissionDeniedNamingIt() {
        String reader = issue("globex", "customers:read");
        assertStatus(() -> customers(reader).createCustomer(CreateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setDisplayName("Ann")).build()),
                Status.Code.PERMISSION_DENIED, "customers:write");
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
        assertStatus(() -> FeedbackEventServiceGrpc.newBlockingStub(channel).withInterceptors(key(reader))
                .watchFeedbackEvents(WatchFeedbackEventsRequest.newBuilder().build()).next(),
                Status.Code.PERMISSION_DENIED, "feedback:read");

        // A read (GET in the contract) needs only the read scope, a stream included.
        customers(reader).getCustomer(GetCustomerRequest.newBuilder().setCustomerId("c-1").build());
        String feedbackReader = issue("globex", "feedback:read");
        assertThat(FeedbackEventServiceGrpc.newBlockingStub(channel).withInterceptors(key(feedbackReader))
                .watchFeedbackEvents(WatchFeedbackEventsRequest.newBuilder().build()).next().getSequence()).isEqualTo(1);
    }

    @Test
    void thePublicRespondentServiceNeedsNoKeyAndGetsNoTenant() {
        Metadata claimed = new Metadata();
        claimed.put(TENANT, "globex");
        assertThat(RespondentServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(claimed))
                .getSurveyForm(GetSurveyFormRequest.newBuilder().setToken("t").setLanguage("sv").build())
                .getLanguage()).isEqualTo("sv");
        assertThat(PartnerFeedbackBackend.LAST_METADATA.get().containsKey(TENANT)).isFalse();
    }

    @Test
    void anUnknownMethodIsUnimplementedAndHealthIsServed() {
        io.grpc.MethodDescriptor<GetCustomerRequest, Customer> unknown = CustomerServiceGrpc.getGetCustomerMethod()
                .toBuilder().setFullMethodName("exceed.customer.v1.CustomerService/StealCustomer").build();
        assertStatus(() -> io.grpc.stub.ClientCalls.blockingUnaryCall(channel, unknown,
                CallOptions.DEFAULT, GetCustomerRequest.getDefaultInstance()), Status.Code.UNIMPLEMENTED, "");
        io.grpc.MethodDescriptor<GetCustomerRequest, Customer> internal = CustomerServiceGrpc.getGetCustomerMethod()
                .toBuilder().setFullMethodName("exceed.customer.v1.InternalService/GetCustomer").build();
        assertStatus(() -> io.grpc.stub.ClientCalls.blockingUnaryCall(channel, internal,
                CallOptions.DEFAULT, GetCustomerRequest.getDefaultInstance()), Status.Code.UNIMPLEMENTED, "");

        assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    /**
     * The counter's value once it has not changed for half a second (or after ten seconds): waiting for nothing to
     * happen is what the flow-control test needs, so this sleeps on purpose.
     */
    private static long awaitStable(java.util.concurrent.atomic.AtomicLong counter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last = counter.get();
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            long now = counter.get();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return counter.get();
    }

    private CustomerServiceGrpc.CustomerServiceBlockingStub customers(String key) {
        return CustomerServiceGrpc.newBlockingStub(channel).withInterceptors(key(key));
    }

    private static io.grpc.ClientInterceptor key(String key) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + key);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private static void assertStatus(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Status.Code code,
            String descriptionPart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, failure -> {
            assertThat(failure.getStatus().getCode()).isEqualTo(code);
            if (!descriptionPart.isEmpty()) {
                assertThat(failure.getStatus().getDescription()).contains(descriptionPart);
            }
        });
    }

    private static String reason(StatusRuntimeException failure) {
        return StatusProto.fromThrowable(failure).getDetailsList().stream()
                .filter(detail -> detail.is(ErrorInfo.class))
                .map(detail -> unpack(detail, ErrorInfo.class).getReason())
                .findFirst().orElse(null);
    }

    private static <T extends com.google.protobuf.Message> T unpack(com.google.protobuf.Any detail, Class<T> type) {
        try {
            return detail.unpack(type);
        } catch (com.google.protobuf.InvalidProtocolBufferException unreadable) {
            throw new AssertionError(unreadable);
        }
    }

    private WebTestClient operator() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + httpPort)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN).build();
    }

    private String issue(String tenant, String... scopes) {
        return issueFull(tenant, scopes).get("key").getAsString();
    }

    private JsonObject issueFull(String tenant, String... scopes) {
        JsonObject request = new JsonObject();
        request.addProperty("name", "partner");
        request.add("scopes", new Gson().toJsonTree(List.of(scopes)));
        byte[] body = operator().post().uri("/admin/v1/tenants/{tenant}/apiKeys", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(request.toString())
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
    }
}
