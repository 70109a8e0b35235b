package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.gateway.passthrough.PartnerGrpcServer;
import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import reactor.netty.http.client.HttpClient;

/**
 * Credentials refused from one client address are limited (here 3, then one every 20 minutes): after that its
 * calls are refused at once, a valid key's too, without a credential check, while other addresses go on. The
 * attackers call from their own loopback addresses (127.0.0.3 and .4), so the rest of the suite is not blocked.
 */
class GatewayAuthenticationFailuresTest extends GatewayTestBase {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    private PartnerGrpcServer grpcServer;

    @DynamicPropertySource
    static void fewFailures(DynamicPropertyRegistry registry) {
        registry.add("exceed.gateway.rate-limits.failed-authentications.capacity", () -> "3");
        registry.add("exceed.gateway.rate-limits.failed-authentications.refill-tokens", () -> "1");
        registry.add("exceed.gateway.rate-limits.failed-authentications.refill-period", () -> "20m");
        registry.add("exceed.gateway.deadline", () -> "5s");
    }

    @Test
    void anAddressThatKeepsFailingIsRefusedWithoutACheckWhileOthersAreNot() {
        WebTestClient attacker = from("127.0.0.3");
        String valid = issue("initech", "customers:read").get("key").getAsString();
        for (int i = 0; i < 4; i++) {
            attacker.get().uri("/v1/customers/c-1").header(HttpHeaders.AUTHORIZATION, "Bearer " + randomKey())
                    .exchange().expectStatus().isUnauthorized();
        }

        attacker.get().uri("/v1/customers/c-1").header(HttpHeaders.AUTHORIZATION, "Bearer " + valid).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, value -> RateLimitHeaders.assertSeconds(value, 1200))
                .expectBody()
                .jsonPath("$.code").isEqualTo("AUTHENTICATION_FAILURES_LIMITED")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("too many failed authentications").contains("at most 3"));
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();

        withKey(valid).get().uri("/v1/customers/c-1").exchange().expectStatus().isOk();
    }

    @Test
    void thePartnersPortRefusesSuchAnAddressWithResourceExhausted() throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcServer.port())
                .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                    @Override
                    public SocketAddress createSocketAddress(SocketAddress remote, Attributes attributes) {
                        return new InetSocketAddress("127.0.0.4", 0);
                    }
                })
                .usePlaintext().build();
        try {
            for (int i = 0; i < 4; i++) {
                assertThat(call(channel, randomKey()).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            }
            Status refused = call(channel, issue("initech", "customers:read").get("key").getAsString());
            assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(refused.getDescription()).contains("too many failed authentications").contains("retry after");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Status call(ManagedChannel channel, String key) {
        Metadata bearer = new Metadata();
        bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        try {
            CustomerServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer))
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getCustomer(GetCustomerRequest.newBuilder().setCustomerId("c-1").build());
            return Status.OK;
        } catch (StatusRuntimeException refused) {
            return refused.getStatus();
        }
    }

    private WebTestClient from(String localAddress) {
        HttpClient bound = HttpClient.create().bindAddress(() -> new InetSocketAddress(localAddress, 0));
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(bound)).baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static String randomKey() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "exk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
