package io.exceed.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;

import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.DeleteCustomerRequest;
import io.exceed.customer.v1.ExportCustomerRequest;
import io.exceed.customer.v1.ExportCustomerResponse;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.customer.v1.ListCustomersRequest;
import io.exceed.customer.v1.ListCustomersResponse;
import io.exceed.customer.v1.UpsertCustomerRequest;
import io.exceed.customer.v1.UpsertCustomerResponse;
import io.exceed.feedback.v1.GetSurveyFormRequest;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.SurveyForm;
import io.exceed.followup.v1.RotateWebhookSecretRequest;
import io.exceed.followup.v1.UpdateWebhookEndpointRequest;
import io.exceed.followup.v1.WebhookEndpoint;
import io.exceed.followup.v1.WebhookEndpointWithSecret;
import io.exceed.followup.v1.WebhookServiceGrpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;

/**
 * Real gRPC servers on real ports that stand in for customer-service and followup-service: they record
 * the last request they received and its metadata (the tenant the gateway sent), answer from the request, and fail on purpose for a few inputs. feedback-service
 * gets a port nobody listens on, to stand for a backend that is down.
 */
final class FakeBackends {

    static final Duration SLOW = Duration.ofSeconds(3);
    static final AtomicReference<Message> LAST_REQUEST = new AtomicReference<>();
    static final AtomicReference<Metadata> LAST_METADATA = new AtomicReference<>();
    static final Metadata.Key<String> TENANT = Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
    static final Timestamp CREATED = Timestamp.newBuilder().setSeconds(1_767_225_600L).build(); // 2026-01-01T00:00:00Z

    private static Server customers;
    private static Server followUps;
    private static Server respondents;
    private static int deadPort;

    private FakeBackends() {
    }

    static synchronized void start() throws IOException {
        if (customers != null) {
            return;
        }
        ServerInterceptor recordMetadata = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                LAST_METADATA.set(headers);
                return next.startCall(call, headers);
            }
        };
        customers = NettyServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(new Customers(), recordMetadata)).build().start();
        followUps = NettyServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(new Webhooks(), recordMetadata)).build().start();
        respondents = NettyServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(new Respondents(), recordMetadata)).build().start();
        try (ServerSocket probe = new ServerSocket(0)) {
            deadPort = probe.getLocalPort();
        }
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

    /** A feedback-service that serves only the public RespondentService. */
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
            reply(request, observer, request.getCustomer().toBuilder().setId("c-1").setCreateTime(CREATED).build());
        }

        @Override
        public void listCustomers(ListCustomersRequest request, StreamObserver<ListCustomersResponse> observer) {
            reply(request, observer, ListCustomersResponse.newBuilder().setNextPageToken("next").build());
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

    static final class Respondents extends RespondentServiceGrpc.RespondentServiceImplBase {

        @Override
        public void getSurveyForm(GetSurveyFormRequest request, StreamObserver<SurveyForm> observer) {
            reply(request, observer, SurveyForm.newBuilder().setLanguage("sv").build());
        }
    }

    static final class Webhooks extends WebhookServiceGrpc.WebhookServiceImplBase {

        @Override
        public void updateWebhookEndpoint(UpdateWebhookEndpointRequest request,
                StreamObserver<WebhookEndpoint> observer) {
            reply(request, observer, WebhookEndpoint.newBuilder().setId(request.getEndpointId())
                    .setUrl(request.getUrl()).addAllEventTypes(request.getEventTypesList()).build());
        }

        @Override
        public void rotateWebhookSecret(RotateWebhookSecretRequest request,
                StreamObserver<WebhookEndpointWithSecret> observer) {
            reply(request, observer, WebhookEndpointWithSecret.newBuilder()
                    .setEndpoint(WebhookEndpoint.newBuilder().setId(request.getEndpointId()))
                    .setSecret("whsec_test").build());
        }
    }
}
