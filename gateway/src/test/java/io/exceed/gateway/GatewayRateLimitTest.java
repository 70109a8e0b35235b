package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.gateway.passthrough.PartnerGrpcServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;

/** Each tenant has one bucket, whatever key it calls with: here 3 calls, then one every 20 minutes. */
class GatewayRateLimitTest extends GatewayTestBase {

    @Autowired
    private PartnerGrpcServer grpcServer;

    @DynamicPropertySource
    static void smallBuckets(DynamicPropertyRegistry registry) {
        registry.add("exceed.gateway.rate-limits.tenant.capacity", () -> "3");
        registry.add("exceed.gateway.rate-limits.tenant.refill-tokens", () -> "1");
        registry.add("exceed.gateway.rate-limits.tenant.refill-period", () -> "20m");
        registry.add("exceed.gateway.deadline", () -> "5s");
    }

    @Test
    void aTenantGetsItsBudgetWithHeadersThenA429() {
        WebTestClient initech = withKey(issue("initech", "customers:read").get("key").getAsString());
        for (int remaining = 2; remaining >= 0; remaining--) {
            int left = remaining;
            initech.get().uri("/v1/customers/c-1").exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals("RateLimit-Policy", "\"tenant\";q=3;w=3600")
                    .expectHeader().value("RateLimit", value -> RateLimitHeaders.assertRemaining(value, "tenant", left,
                            (3 - left) * 1200));
        }
        FakeBackends.LAST_REQUEST.set(null);
        initech.get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, value -> RateLimitHeaders.assertSeconds(value, 1200))
                .expectHeader().valueEquals("RateLimit-Policy", "\"tenant\";q=3;w=3600")
                .expectHeader().value("RateLimit", value -> RateLimitHeaders.assertRemaining(value, "tenant", 0, 3600))
                .expectBody()
                .jsonPath("$.status").isEqualTo(429)
                .jsonPath("$.code").isEqualTo("RATE_LIMITED");
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();

        // Another key of the same tenant draws from the same bucket.
        withKey(issue("initech", "admin").get("key").getAsString()).get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isEqualTo(429);
        // Another tenant does not.
        withKey(issue("globex", "customers:read").get("key").getAsString()).get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isOk()
                .expectHeader().value("RateLimit", value -> RateLimitHeaders.assertRemaining(value, "tenant", 2, 1200));
    }

    @Test
    void partnersGrpcCallsDrawFromTheSameBucket() throws InterruptedException {
        String key = issue("umbrella", "customers:read").get("key").getAsString();
        for (int i = 0; i < 3; i++) {
            withKey(key).get().uri("/v1/customers/c-1").exchange().expectStatus().isOk();
        }
        FakeBackends.LAST_REQUEST.set(null);
        Metadata bearer = new Metadata();
        bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", grpcServer.port()).usePlaintext().build();
        try {
            assertThatThrownBy(() -> CustomerServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer))
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getCustomer(GetCustomerRequest.newBuilder().setCustomerId("c-1").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(e.getStatus().getDescription()).contains("rate limit tenant exceeded")
                                .contains("retry after");
                    });
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void refusedAndForbiddenCallsCountToo() {
        WebTestClient reader = withKey(issue("hooli", "customers:read").get("key").getAsString());
        reader.delete().uri("/v1/customers/c-1").exchange()
                .expectStatus().isForbidden()
                .expectHeader().value("RateLimit", value -> RateLimitHeaders.assertRemaining(value, "tenant", 2, 1200));
        reader.get().uri("/v1/customers?colour=red").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().value("RateLimit", value -> RateLimitHeaders.assertRemaining(value, "tenant", 1, 2400));
    }

    @Test
    void callsWithoutValidCredentialsAreNotChargedToAnyTenant() {
        anonymous.get().uri("/v1/customers/c-1").header(HttpHeaders.AUTHORIZATION, "Bearer exk_" + "B".repeat(43))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().doesNotExist("RateLimit");
    }
}
