package io.exceed.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;

/** A caller's W3C trace context, sent as gRPC metadata, continues in the service's spans. */
class TracePropagationTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

    private ConfigurableApplicationContext service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void serverSpanJoinsTheCallersTrace(@TempDir Path dataDir) throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        int[] port = new int[1];
        service = new SpringApplicationBuilder(CustomerServiceApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("testSpanExporter", spans))
                .listeners((ApplicationListener<GrpcServerStartedEvent>) event -> port[0] = event.getPort())
                .run("--spring.grpc.server.port=0", "--server.port=0",
                        "--exceed.storage.data-dir=" + dataDir, "--exceed.storage.database=trace-test");
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port[0]).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(CustomerServiceTestBase.TENANT, "trace-tenant");
            headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
                    "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01");
            CustomerServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .createCustomer(CreateCustomerRequest.newBuilder()
                            .setCustomer(Customer.newBuilder().setDisplayName("Traced Customer"))
                            .build());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }

        // The server span ends when the server closes the call, which may be after the client has its answer.
        List<SpanData> exported = await().atMost(Duration.ofSeconds(10)).until(() -> {
            service.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
            return spans.getFinishedSpanItems();
        }, finished -> finished.stream().anyMatch(span -> span.getTraceId().equals(TRACE_ID)));
        assertThat(exported).anySatisfy(span -> {
            assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
            assertThat(span.getName()).contains("CreateCustomer");
        });
    }
}
