package io.exceed.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.springframework.test.context.DynamicPropertyRegistry;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;

import io.exceed.common.v1.ContactChannel;
import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.CustomerState;
import io.exceed.customer.v1.DeleteCustomerRequest;
import io.exceed.customer.v1.EraseCustomerRequest;
import io.exceed.customer.v1.EraseCustomerResponse;
import io.exceed.customer.v1.ErasurePart;
import io.exceed.customer.v1.ErasurePartState;
import io.exceed.customer.v1.ExportCustomerRequest;
import io.exceed.customer.v1.ExportCustomerResponse;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.customer.v1.ListCustomersRequest;
import io.exceed.customer.v1.ListCustomersResponse;
import io.exceed.customer.v1.UpsertCustomerRequest;
import io.exceed.customer.v1.UpsertCustomerResponse;
import io.exceed.followup.v1.CreateWebhookEndpointRequest;
import io.exceed.followup.v1.FollowUpEvent;
import io.exceed.followup.v1.FollowUpEventServiceGrpc;
import io.exceed.followup.v1.FollowUpEventType;
import io.exceed.followup.v1.GetWebhookEndpointRequest;
import io.exceed.feedback.v1.CreateInvitationRequest;
import io.exceed.feedback.v1.CreateInvitationResponse;
import io.exceed.feedback.v1.GetSurveyFormRequest;
import io.exceed.feedback.v1.Invitation;
import io.exceed.feedback.v1.ReissueInvitationTokenRequest;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.UnsubscribeRequest;
import io.exceed.feedback.v1.UnsubscribeResponse;
import io.exceed.feedback.v1.SurveyForm;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.followup.v1.RotateWebhookSecretRequest;
import io.exceed.followup.v1.WatchFollowUpEventsRequest;
import io.exceed.followup.v1.UpdateWebhookEndpointRequest;
import io.exceed.followup.v1.WebhookEndpoint;
import io.exceed.followup.v1.WebhookEndpointWithSecret;
import io.exceed.followup.v1.WebhookServiceGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * Real gRPC servers on real ports that stand in for customer-service and followup-service: they record
 * the last request they received and its metadata (the tenant the gateway sent), answer from the request, and fail on purpose for a few inputs. feedback-service
 * gets a port nobody listens on, to stand for a backend that is down. Creating a customer counts the calls per
 * display name, and one named {@code hold:…} waits for {@link #HOLD} (to keep a call in flight). Like the real
 * services, creating a customer or a webhook endpoint again with a request id the tenant used returns what the
 * first call created (the endpoint with its secret again, as followup-service does), and erasing a customer leaves a
 * tombstone. The follow-up event watch streams, fails or stays open depending on {@code after_sequence} (see
 * {@link FollowUpEvents}).
 */
final class FakeBackends {

    static final Duration SLOW = Duration.ofSeconds(8);
    static final AtomicReference<Message> LAST_REQUEST = new AtomicReference<>();
    static final AtomicReference<Metadata> LAST_METADATA = new AtomicReference<>();
    static final Metadata.Key<String> TENANT = Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER);
    /** createCustomer calls per display name. */
    static final Map<String, AtomicInteger> CREATE_CALLS = new ConcurrentHashMap<>();
    /** Customers createCustomer created (not found again by their request id) per display name. */
    static final Map<String, AtomicInteger> CREATED_CUSTOMERS = new ConcurrentHashMap<>();
    /** ReissueInvitationToken calls. */
    static final AtomicInteger REISSUED = new AtomicInteger();
    /** When the fake erases a customer: its tombstone's update time. */
    static final Timestamp ERASED = Timestamp.newBuilder().setSeconds(1_767_312_000L).build(); // 2026-01-02T00:00:00Z
    /** A customer named {@code hold:…} is created once this is opened; {@link #HELD} says one is waiting. */
    static volatile CountDownLatch HOLD = new CountDownLatch(0);
    static volatile CountDownLatch HELD = new CountDownLatch(1);
    /** Counted down when the gateway cancels an open watch. */
    static volatile CountDownLatch WATCH_CANCELLED = new CountDownLatch(1);
    /** The revision of every webhook endpoint the fake knows. */
    static final long ENDPOINT_REVISION = 4;
    static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
    static final Timestamp CREATED = Timestamp.newBuilder().setSeconds(1_767_225_600L).build(); // 2026-01-01T00:00:00Z

    /** The tenant of the call being served. */
    private static final Context.Key<String> CALL_TENANT = Context.key("tenant");

    /** Records what each call carried, for the tests to look at, and serves it as its tenant. */
    private static final ServerInterceptor RECORD_METADATA = new ServerInterceptor() {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            LAST_METADATA.set(headers);
            return Contexts.interceptCall(Context.current().withValue(CALL_TENANT, headers.get(TENANT)), call, headers,
                    next);
        }
    };

    /** What a create with a request id made, by tenant and request id, as the services' idempotent inserts keep it. */
    private static final Map<String, Message> CREATED_BY_REQUEST = new ConcurrentHashMap<>();
    private static final Map<String, Customer> STORED_CUSTOMERS = new ConcurrentHashMap<>();
    private static final AtomicInteger CUSTOMER_IDS = new AtomicInteger();

    private static Server customers;
    private static int customerPort;
    private static Server followUps;
    private static Server respondents;
    private static int deadPort;

    private FakeBackends() {
    }

    static synchronized void start() throws IOException {
        if (customers != null) {
            return;
        }
        customers = NettyServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(new Customers(), RECORD_METADATA)).build().start();
        followUps = NettyServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(new Webhooks(), RECORD_METADATA))
                .addService(ServerInterceptors.intercept(new FollowUpEvents(), RECORD_METADATA)).build().start();
        respondents = NettyServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(new Respondents(), RECORD_METADATA))
                .addService(ServerInterceptors.intercept(new Invitations(), RECORD_METADATA)).build().start();
        try (ServerSocket probe = new ServerSocket(0)) {
            deadPort = probe.getLocalPort();
        }
    }

    /**
     * Starts the fakes and points the gateway at them: customer-service and followup-service here, feedback-service
     * at {@code feedback} (a port nobody listens on, {@link #respondentTarget}, or another fake).
     */
    static void register(DynamicPropertyRegistry registry, Supplier<Object> feedback) throws IOException {
        start();
        registry.add("exceed.gateway.backends.customer-service", FakeBackends::customerTarget);
        registry.add("exceed.gateway.backends.followup-service", FakeBackends::followUpTarget);
        registry.add("exceed.gateway.backends.feedback-service", feedback);
    }

    /** Takes customer-service down, as a crash would; {@link #restartCustomers} brings it back on the same port. */
    static synchronized void stopCustomers() throws InterruptedException {
        customerPort = customers.getPort();
        customers.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    static synchronized void restartCustomers() throws IOException {
        if (!customers.isShutdown()) {
            return;
        }
        customers = NettyServerBuilder.forPort(customerPort)
                .addService(ServerInterceptors.intercept(new Customers(), RECORD_METADATA)).build().start();
    }

    static String customerTarget() {
        return "localhost:" + customers.getPort();
    }

    static String followUpTarget() {
        return "localhost:" + followUps.getPort();
    }

    /** The tenant the last call to a fake backend was made for, or null. */
    static String lastTenant() {
        Metadata metadata = LAST_METADATA.get();
        return metadata == null ? null : metadata.get(TENANT);
    }

    /** A feedback-service that serves only the public RespondentService and invitations. */
    static String respondentTarget() {
        return "localhost:" + respondents.getPort();
    }

    static String deadTarget() {
        return "localhost:" + deadPort;
    }

    private static <T> void reply(Message request, StreamObserver<T> observer, T response) {
        LAST_REQUEST.set(request);
        observer.onNext(response);
        observer.onCompleted();
    }

    /** What an earlier create of the call's tenant with this request id made, if one did. */
    @SuppressWarnings("unchecked")
    private static <T extends Message> T createdBefore(String requestId) {
        return requestId.isEmpty() ? null : (T) CREATED_BY_REQUEST.get(CALL_TENANT.get() + "/" + requestId);
    }

    private static void rememberCreated(String requestId, Message created) {
        if (!requestId.isEmpty()) {
            CREATED_BY_REQUEST.put(CALL_TENANT.get() + "/" + requestId, created);
        }
    }

    private static ErrorInfo reason(String reason) {
        return ErrorInfo.newBuilder().setReason(reason).setDomain("exceed.io").build();
    }

    static final class Customers extends CustomerServiceGrpc.CustomerServiceImplBase {

        @Override
        public void getCustomer(GetCustomerRequest request, StreamObserver<Customer> observer) {
            if (request.getCustomerId().equals("missing")) {
                LAST_REQUEST.set(request);
                observer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                        .setCode(Code.NOT_FOUND_VALUE).setMessage("customer missing not found")
                        .addDetails(Any.pack(reason("CUSTOMER_NOT_FOUND"))).build()));
                return;
            }
            if (request.getCustomerId().equals("slow")) {
                // Longer than the gateway's deadline in the tests; the gateway must not wait for it.
                try {
                    Thread.sleep(SLOW.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            reply(request, observer, Customer.newBuilder().setId(request.getCustomerId())
                    .setDisplayName("Åsa Öberg").setVersion(3).setCreateTime(CREATED).build());
        }

        @Override
        public void createCustomer(CreateCustomerRequest request, StreamObserver<Customer> observer) {
            String name = request.getCustomer().getDisplayName();
            CREATE_CALLS.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            if (name.startsWith("hold:")) {
                HELD.countDown();
                try {
                    HOLD.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (name.equals("already exists")) {
                LAST_REQUEST.set(request);
                observer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                        .setCode(Code.ALREADY_EXISTS_VALUE).setMessage("a customer with this reference exists")
                        .addDetails(Any.pack(reason("CUSTOMER_EXISTS"))).build()));
                return;
            }
            if (name.equals("unavailable")) {
                LAST_REQUEST.set(request);
                observer.onError(io.grpc.Status.UNAVAILABLE.withDescription("try later").asRuntimeException());
                return;
            }
            if (request.getCustomer().getDisplayName().isBlank()) {
                LAST_REQUEST.set(request);
                observer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                        .setCode(Code.INVALID_ARGUMENT_VALUE).setMessage("the customer is invalid")
                        .addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(
                                BadRequest.FieldViolation.newBuilder().setField("customer.display_name")
                                        .setDescription("must not be blank")).build()))
                        .addDetails(Any.pack(reason("INVALID_CUSTOMER"))).build()));
                return;
            }
            Customer earlier = createdBefore(request.getRequestId());
            if (earlier != null) {
                reply(request, observer, STORED_CUSTOMERS.get(earlier.getId()));
                return;
            }
            Customer created = request.getCustomer().toBuilder().setId("customer-" + CUSTOMER_IDS.incrementAndGet())
                    .setState(CustomerState.CUSTOMER_STATE_ACTIVE).setCreateTime(CREATED).build();
            STORED_CUSTOMERS.put(created.getId(), created);
            rememberCreated(request.getRequestId(), created);
            CREATED_CUSTOMERS.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            reply(request, observer, created);
        }

        /** A customer this fake created becomes a tombstone; three services report their parts done. */
        @Override
        public void eraseCustomer(EraseCustomerRequest request, StreamObserver<EraseCustomerResponse> observer) {
            Customer tombstone = STORED_CUSTOMERS.computeIfPresent(request.getCustomerId(),
                    (id, customer) -> Customer.newBuilder().setId(id).setState(CustomerState.CUSTOMER_STATE_ERASED)
                            .setCreateTime(customer.getCreateTime()).setUpdateTime(ERASED).build());
            if (tombstone == null) {
                LAST_REQUEST.set(request);
                observer.onError(io.grpc.Status.NOT_FOUND.withDescription("no such customer").asRuntimeException());
                return;
            }
            EraseCustomerResponse.Builder report = EraseCustomerResponse.newBuilder().setCustomer(tombstone);
            for (String service : new String[] {"customer-service", "feedback-service", "followup-service"}) {
                report.addParts(ErasurePart.newBuilder().setService(service)
                        .setState(ErasurePartState.ERASURE_PART_STATE_COMPLETED).setCompleteTime(ERASED));
            }
            reply(request, observer, report.build());
        }

        @Override
        public void listCustomers(ListCustomersRequest request, StreamObserver<ListCustomersResponse> observer) {
            // The first page of an unfiltered list hands out a token in the services' format; that token gives
            // the last page.
            ListCustomersResponse.Builder page = ListCustomersResponse.newBuilder();
            if (request.getPageToken().isEmpty() && request.getAccountOwner().isEmpty()) {
                page.addCustomers(Customer.newBuilder().setId("c-1")).setNextPageToken(PAGE_TWO);
            } else if (request.getPageToken().equals(PAGE_TWO)) {
                page.addCustomers(Customer.newBuilder().setId("c-2"));
            } else {
                page.setNextPageToken("next");
            }
            reply(request, observer, page.build());
        }

        @Override
        public void upsertCustomer(UpsertCustomerRequest request, StreamObserver<UpsertCustomerResponse> observer) {
            reply(request, observer, UpsertCustomerResponse.newBuilder()
                    .setCustomer(request.getCustomer().toBuilder().setId("c-2")).setCreated(true).build());
        }

        @Override
        public void deleteCustomer(DeleteCustomerRequest request, StreamObserver<Empty> observer) {
            reply(request, observer, Empty.getDefaultInstance());
        }

        @Override
        public void exportCustomer(ExportCustomerRequest request, StreamObserver<ExportCustomerResponse> observer) {
            reply(request, observer, ExportCustomerResponse.newBuilder()
                    .setCustomer(Customer.newBuilder().setId(request.getCustomerId())).build());
        }
    }

    /** A page token as the services make them (base64url, so it holds '-' and '_'). */
    static final String PAGE_TWO = io.exceed.defaults.api.Paging.token("c-1~>?", "f1ngerprint/+=");

    /** The token feedback-service knows no unsubscribe link of. */
    static final String UNKNOWN_UNSUBSCRIBE_TOKEN = "unknown-link";
    /** The token whose unsubscribe customer-service cannot take now. */
    static final String UNAVAILABLE_UNSUBSCRIBE_TOKEN = "customer-service-down";

    static final class Respondents extends RespondentServiceGrpc.RespondentServiceImplBase {

        @Override
        public void getSurveyForm(GetSurveyFormRequest request, StreamObserver<SurveyForm> observer) {
            reply(request, observer, SurveyForm.newBuilder().setLanguage("sv").build());
        }

        @Override
        public void unsubscribe(UnsubscribeRequest request, StreamObserver<UnsubscribeResponse> observer) {
            LAST_REQUEST.set(request);
            switch (request.getToken()) {
                case UNKNOWN_UNSUBSCRIBE_TOKEN -> observer.onError(io.grpc.Status.NOT_FOUND
                        .withDescription("unsubscribe link 'unknown' not found").asRuntimeException());
                case UNAVAILABLE_UNSUBSCRIBE_TOKEN -> observer.onError(io.grpc.Status.UNAVAILABLE
                        .withDescription("customer-service could not be told of the withdrawal").asRuntimeException());
                default -> reply(request, observer, UnsubscribeResponse.newBuilder()
                        .setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL).build());
            }
        }

        /** Signed with {@link #GOOD_SMS_SIGNATURE} by every tenant; anything else is refused. */
        @Override
        public void receiveSmsReply(io.exceed.feedback.v1.ReceiveSmsReplyRequest request,
                StreamObserver<io.exceed.feedback.v1.ReceiveSmsReplyResponse> observer) {
            LAST_REQUEST.set(request);
            if (!GOOD_SMS_SIGNATURE.equals(request.getSignature())) {
                observer.onError(io.grpc.Status.PERMISSION_DENIED.withDescription("not signed by the tenant's account")
                        .asRuntimeException());
                return;
            }
            reply(request, observer, io.exceed.feedback.v1.ReceiveSmsReplyResponse.newBuilder().setOptedOut(true)
                    .build());
        }
    }

    /** The signature the fake feedback-service takes for an SMS reply. */
    static final String GOOD_SMS_SIGNATURE = "good+signature=";

    /**
     * Invitations as feedback-service issues them: a token (and the link) only the first time; a repeated request
     * id gets the invitation without them. A new token for an invitation is issued on every call.
     */
    static final class Invitations extends SurveyServiceGrpc.SurveyServiceImplBase {

        @Override
        public void createInvitation(CreateInvitationRequest request, StreamObserver<CreateInvitationResponse> observer) {
            CreateInvitationResponse earlier = createdBefore(request.getRequestId());
            if (earlier != null) {
                reply(request, observer, CreateInvitationResponse.newBuilder().setInvitation(earlier.getInvitation())
                        .build());
                return;
            }
            CreateInvitationResponse created = issued(request.getInvitation().toBuilder()
                    .setId("inv-" + UUID.randomUUID()).build());
            rememberCreated(request.getRequestId(), created);
            reply(request, observer, created);
        }

        @Override
        public void reissueInvitationToken(ReissueInvitationTokenRequest request,
                StreamObserver<CreateInvitationResponse> observer) {
            REISSUED.incrementAndGet();
            reply(request, observer, issued(Invitation.newBuilder().setId(request.getInvitationId()).build()));
        }

        private static CreateInvitationResponse issued(Invitation invitation) {
            String token = "tok" + UUID.randomUUID().toString().replace("-", "");
            return CreateInvitationResponse.newBuilder().setInvitation(invitation).setToken(token)
                    .setSurveyUrl("http://localhost:8080/s/" + token).build();
        }
    }

    static final class Webhooks extends WebhookServiceGrpc.WebhookServiceImplBase {

        @Override
        public void createWebhookEndpoint(CreateWebhookEndpointRequest request,
                StreamObserver<WebhookEndpointWithSecret> observer) {
            WebhookEndpointWithSecret earlier = createdBefore(request.getRequestId());
            WebhookEndpointWithSecret created = earlier != null ? earlier : WebhookEndpointWithSecret.newBuilder()
                    .setEndpoint(request.getEndpoint().toBuilder().setId("we-" + UUID.randomUUID())
                            .setRevision(1))
                    .setSecret("whsec_" + UUID.randomUUID().toString().replace("-", "")).build();
            rememberCreated(request.getRequestId(), created);
            reply(request, observer, created);
        }

        @Override
        public void getWebhookEndpoint(GetWebhookEndpointRequest request, StreamObserver<WebhookEndpoint> observer) {
            reply(request, observer, WebhookEndpoint.newBuilder().setId(request.getEndpointId())
                    .setUrl("https://crm.example.com/hooks").setRevision(ENDPOINT_REVISION).build());
        }

        @Override
        public void updateWebhookEndpoint(UpdateWebhookEndpointRequest request,
                StreamObserver<WebhookEndpoint> observer) {
            if (request.hasExpectedRevision() && request.getExpectedRevision() != ENDPOINT_REVISION) {
                LAST_REQUEST.set(request);
                // What the services' VersionConflictException becomes.
                observer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                        .setCode(Code.ABORTED_VALUE).setMessage("expected version " + request.getExpectedRevision()
                                + " but the current version is " + ENDPOINT_REVISION + ": re-read and retry")
                        .addDetails(Any.pack(reason("VERSION_MISMATCH"))).build()));
                return;
            }
            reply(request, observer, WebhookEndpoint.newBuilder().setId(request.getEndpointId())
                    .setUrl(request.getUrl()).addAllEventTypes(request.getEventTypesList())
                    .setRevision(ENDPOINT_REVISION + 1).build());
        }

        @Override
        public void rotateWebhookSecret(RotateWebhookSecretRequest request,
                StreamObserver<WebhookEndpointWithSecret> observer) {
            reply(request, observer, WebhookEndpointWithSecret.newBuilder()
                    .setEndpoint(WebhookEndpoint.newBuilder().setId(request.getEndpointId()))
                    .setSecret("whsec_test").build());
        }
    }

    /**
     * The follow-up event watch, by {@code after_sequence}: below 1000 it sends the next two events and ends;
     * 1000 sends one event, then fails (UNAVAILABLE); 2000 fails at once (INVALID_ARGUMENT naming a field);
     * 3000 sends one event and stays open until cancelled, counting down {@link #WATCH_CANCELLED}.
     */
    static final class FollowUpEvents extends FollowUpEventServiceGrpc.FollowUpEventServiceImplBase {

        @Override
        public void watchFollowUpEvents(WatchFollowUpEventsRequest request, StreamObserver<FollowUpEvent> observer) {
            LAST_REQUEST.set(request);
            long after = request.getAfterSequence();
            if (after == 2000) {
                observer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                        .setCode(Code.INVALID_ARGUMENT_VALUE).setMessage("the filter is invalid")
                        .addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(
                                BadRequest.FieldViolation.newBuilder().setField("types")
                                        .setDescription("FOLLOW_UP_EVENT_TYPE_UNSPECIFIED is not a filter")).build()))
                        .build()));
                return;
            }
            if (after == 3000) {
                ((ServerCallStreamObserver<FollowUpEvent>) observer).setOnCancelHandler(WATCH_CANCELLED::countDown);
            }
            observer.onNext(event(after + 1));
            if (after == 1000) {
                observer.onError(io.grpc.Status.UNAVAILABLE.withDescription("the feed store is down").asRuntimeException());
                return;
            }
            if (after == 3000) {
                return;
            }
            observer.onNext(event(after + 2));
            observer.onCompleted();
        }

        private static FollowUpEvent event(long sequence) {
            return FollowUpEvent.newBuilder().setId("fu-1.due-" + sequence).setSequence(sequence)
                    .setType(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DUE).setOccurTime(CREATED).build();
        }
    }
}
