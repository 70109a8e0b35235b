package io.exceed.defaults.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.rpc.QuotaFailure;
import com.google.rpc.RetryInfo;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.defaults.tenancy.TenantHeader;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * The shared client against a real gRPC server on a port, whose answers each test scripts: one safe method
 * (retried) and one plain method (never retried).
 */
class ServiceClientsTest {

    private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };
    private static final MethodDescriptor<String, String> READ = method("Read").setSafe(true).build();
    private static final MethodDescriptor<String, String> WRITE = method("Write").build();
    private static final ServiceDescriptor SERVICE = ServiceDescriptor.newBuilder("test.Echo")
            .addMethod(READ).addMethod(WRITE).build();

    /** What the server answers, in order; when empty it echoes. */
    private final Queue<StatusRuntimeException> answers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final Queue<String> tenantsSeen = new ConcurrentLinkedQueue<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private Server server;
    private ServiceClients clients;
    private SimpleMeterRegistry meters;

    private static MethodDescriptor.Builder<String, String> method(String name) {
        return MethodDescriptor.<String, String>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Echo", name))
                .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT);
    }

    @BeforeEach
    void start() throws IOException {
        ServerInterceptor tenants = new ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, Metadata headers,
                    io.grpc.ServerCallHandler<Q, R> next) {
                tenantsSeen.add(String.valueOf(headers.get(TenantHeader.KEY)));
                return Contexts.interceptCall(io.grpc.Context.current(), call, headers, next);
            }
        };
        ServerServiceDefinition definition = ServerServiceDefinition.builder(SERVICE)
                .addMethod(READ, ServerCalls.asyncUnaryCall((request, reply) -> answer(reads, request, reply)))
                .addMethod(WRITE, ServerCalls.asyncUnaryCall((request, reply) -> answer(writes, request, reply)))
                .build();
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(ServerInterceptors.intercept(definition, tenants)).build().start();
    }

    private void answer(AtomicInteger counter, String request, io.grpc.stub.StreamObserver<String> reply) {
        counter.incrementAndGet();
        try {
            hold.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StatusRuntimeException failure = answers.poll();
        if (failure == null) {
            reply.onNext(request);
            reply.onCompleted();
        } else {
            reply.onError(failure);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        hold.countDown();
        if (clients != null) {
            clients.close();
        }
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private Channel channel(String... settings) {
        Map<String, String> properties = new java.util.HashMap<>();
        properties.put("exceed.clients.echo.address", "localhost:" + server.getPort());
        for (int i = 0; i < settings.length; i += 2) {
            properties.put("exceed.clients.echo." + settings[i], settings[i + 1]);
        }
        ClientProperties bound = new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(properties))
                .bind("exceed", ClientProperties.class).get();
        meters = new SimpleMeterRegistry();
        clients = new ServiceClients(bound, meters, ObservationRegistry.NOOP);
        return clients.channel("echo", SERVICE);
    }

    private static String call(Channel channel, MethodDescriptor<String, String> method, String request) {
        return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT, request);
    }

    @Test
    void aSafeMethodIsRetriedOnUnavailableUntilItSucceeds() {
        Channel channel = channel("retry.initial-backoff", "10ms");
        answers.add(Status.UNAVAILABLE.asRuntimeException());
        answers.add(Status.UNAVAILABLE.asRuntimeException());

        assertThat(call(channel, READ, "hello")).isEqualTo("hello");
        assertThat(reads).hasValue(3);
    }

    @Test
    void aPlainMethodIsNotRetried() {
        Channel channel = channel("retry.initial-backoff", "10ms");
        answers.add(Status.UNAVAILABLE.asRuntimeException());

        assertThatThrownBy(() -> call(channel, WRITE, "hello")).isInstanceOf(StatusRuntimeException.class)
                .extracting(e -> ((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(writes).hasValue(1);
    }

    @Test
    void otherCodesAreNotRetried() {
        Channel channel = channel("retry.initial-backoff", "10ms");
        answers.add(Status.INTERNAL.asRuntimeException());

        assertThatThrownBy(() -> call(channel, READ, "hello")).isInstanceOf(StatusRuntimeException.class);
        assertThat(reads).hasValue(1);
    }

    @Test
    void everyCallGetsTheTargetsDeadline() {
        Channel channel = channel("deadline", "200ms");
        hold = new CountDownLatch(1);

        assertThatThrownBy(() -> call(channel, WRITE, "slow")).isInstanceOf(StatusRuntimeException.class)
                .extracting(e -> ((StatusRuntimeException) e).getStatus().getCode())
                .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }

    @Test
    void theBreakerOpensOnFailuresFailsFastAndClosesAfterTrialCalls() {
        Channel channel = channel("breaker.minimum-calls", "4", "breaker.sliding-window-calls", "4",
                "breaker.open-for", "300ms", "breaker.half-open-calls", "2");
        for (int i = 0; i < 4; i++) {
            answers.add(Status.INTERNAL.asRuntimeException());
            assertThatThrownBy(() -> call(channel, WRITE, "x")).isInstanceOf(StatusRuntimeException.class);
        }
        CircuitBreaker breaker = clients.breaker("echo");
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "echo", "state", "open").gauge()
                .value()).isEqualTo(1.0);

        assertThatThrownBy(() -> call(channel, WRITE, "refused")).isInstanceOf(StatusRuntimeException.class)
                .hasMessageContaining("UNAVAILABLE").hasMessageContaining("echo is failing")
                .satisfies(refused -> assertThat(StatusProto.fromThrowable(refused).getDetails(0)
                        .unpack(RetryInfo.class).getRetryDelay().getNanos()).as("retry when the breaker tries again")
                        .isEqualTo(300_000_000));
        assertThat(writes).as("an open breaker keeps calls off the network").hasValue(4);

        await().atMost(Duration.ofSeconds(5)).until(() -> breaker.getState() == CircuitBreaker.State.HALF_OPEN);
        assertThat(call(channel, WRITE, "trial 1")).isEqualTo("trial 1");
        assertThat(call(channel, WRITE, "trial 2")).isEqualTo("trial 2");
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aCallersOwnShortDeadlineDoesNotOpenTheBreakerButTheTargetsDeadlinePassingDoes() throws Exception {
        Channel patient = channel("deadline", "2s", "breaker.minimum-calls", "4", "breaker.sliding-window-calls", "4");
        hold = new CountDownLatch(1);
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(patient, WRITE,
                    CallOptions.DEFAULT.withDeadlineAfter(50, TimeUnit.MILLISECONDS), "impatient"))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                            .isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        }
        assertThat(clients.breaker("echo").getState()).as("the caller chose 50 ms of the target's 2 s")
                .isEqualTo(CircuitBreaker.State.CLOSED);
        clients.close();

        Channel strict = channel("deadline", "200ms", "breaker.minimum-calls", "4", "breaker.sliding-window-calls",
                "4");
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> call(strict, WRITE, "slow")).isInstanceOf(StatusRuntimeException.class);
        }
        assertThat(clients.breaker("echo").getState()).as("the target took its whole deadline, four times")
                .isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void answersAboutTheRequestDoNotOpenTheBreaker() {
        Channel channel = channel("breaker.minimum-calls", "4", "breaker.sliding-window-calls", "4");
        for (int i = 0; i < 6; i++) {
            answers.add(Status.NOT_FOUND.asRuntimeException());
            assertThatThrownBy(() -> call(channel, WRITE, "x")).isInstanceOf(StatusRuntimeException.class);
        }
        assertThat(clients.breaker("echo").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aTenantsQuotaRefusalDoesNotOpenTheBreakerButAnOverloadedTargetDoes() {
        Channel channel = channel("breaker.minimum-calls", "4", "breaker.sliding-window-calls", "4");
        for (int i = 0; i < 6; i++) {
            answers.add(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Status.Code.RESOURCE_EXHAUSTED.value()).setMessage("the tenant has 25 endpoints")
                    .addDetails(Any.pack(QuotaFailure.newBuilder().addViolations(QuotaFailure.Violation.newBuilder()
                            .setSubject("tenant").setDescription("the tenant has 25 endpoints")).build()))
                    .build()));
            assertThatThrownBy(() -> call(channel, WRITE, "x")).isInstanceOf(StatusRuntimeException.class);
        }
        assertThat(clients.breaker("echo").getState()).as("a quota is an answer about the tenant")
                .isEqualTo(CircuitBreaker.State.CLOSED);

        for (int i = 0; i < 4; i++) {
            answers.add(Status.RESOURCE_EXHAUSTED.withDescription("too many streams").asRuntimeException());
            assertThatThrownBy(() -> call(channel, WRITE, "x")).isInstanceOf(StatusRuntimeException.class);
        }
        assertThat(clients.breaker("echo").getState()).as("without a quota it is the target's own overload")
                .isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void callsBeyondTheBulkheadFailAtOnce() throws Exception {
        Channel channel = channel("bulkhead.max-concurrent-calls", "1");
        hold = new CountDownLatch(1);
        var first = ClientCalls.futureUnaryCall(channel.newCall(WRITE, CallOptions.DEFAULT), "first");
        await().atMost(Duration.ofSeconds(5)).until(() -> writes.get() == 1);

        assertThatThrownBy(() -> call(channel, WRITE, "second")).isInstanceOf(StatusRuntimeException.class)
                .hasMessageContaining("UNAVAILABLE").hasMessageContaining("1 calls in flight");
        hold.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(call(channel, WRITE, "third")).isEqualTo("third");
    }

    @Test
    void tenantCallsCarryTheTenant() {
        Channel channel = channel();
        EchoStub stub = TenantCalls.as(new TenantId("acme"), new EchoStub(channel, CallOptions.DEFAULT));
        assertThat(ClientCalls.blockingUnaryCall(stub.getChannel(), WRITE, stub.getCallOptions(), "hi")).isEqualTo("hi");
        assertThat(tenantsSeen).containsExactly("acme");
    }

    @Test
    void aTargetWithoutAnAddressStopsTheStart() {
        channel();
        assertThatThrownBy(() -> clients.channel("nowhere", SERVICE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exceed.clients.nowhere.address");
    }

    /** The smallest stub, to carry the tenant like a generated one. */
    private static final class EchoStub extends io.grpc.stub.AbstractStub<EchoStub> {
        EchoStub(Channel channel, CallOptions options) {
            super(channel, options);
        }

        @Override
        protected EchoStub build(Channel channel, CallOptions options) {
            return new EchoStub(channel, options);
        }
    }
}
