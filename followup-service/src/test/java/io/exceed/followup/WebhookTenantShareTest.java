package io.exceed.followup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.client.BreakingWebhookTransport;
import io.exceed.followup.client.WebhookSender;
import io.exceed.followup.domain.webhook.DeliveryState;
import io.exceed.followup.domain.webhook.FreshDeliveries;
import io.exceed.followup.domain.webhook.InFlightSends;
import io.exceed.followup.domain.webhook.RetryPolicy;
import io.exceed.followup.domain.webhook.WebhookDelivery;
import io.exceed.followup.domain.webhook.WebhookDispatcher;
import io.exceed.followup.domain.webhook.WebhookUrlPolicy;
import io.exceed.followup.store.MongoDeliveryStore;
import io.exceed.followup.store.MongoWebhookEndpointStore;
import io.exceed.followup.v1.CreateWebhookEndpointRequest;
import io.exceed.followup.v1.FollowUpEventType;
import io.exceed.followup.v1.GetWebhookDeliveryRequest;
import io.exceed.followup.v1.WebhookDeliveryState;
import io.exceed.followup.v1.WebhookEndpoint;
import io.exceed.followup.v1.WebhookServiceGrpc;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * One tenant's slow receivers cost only that tenant: its attempts under way are limited per endpoint and per
 * tenant, and another tenant's delivery is claimed and sent while they hang (issue 19, item 5). The receivers are
 * WireMock on loopback; tenant A's answer only after {@link #SLOW}, well within the patient sender's attempt limit.
 */
class WebhookTenantShareTest extends FollowUpServiceTestBase {

    private static final Duration SLOW = Duration.ofSeconds(4);
    private static final InFlightSends.Limits LIMITS = new InFlightSends.Limits(2, 4, 64);
    /** Long enough that a run started at once after another finds the receiver's limit still taken. */
    private static final int BUSY_MILLIS = 300;

    @RegisterExtension
    static final WireMockExtension receiver = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").containerThreads(64))
            .build();

    @Autowired
    private MongoDeliveryStore deliveryStore;

    @Autowired
    private MongoWebhookEndpointStore endpointStore;

    @Autowired
    private WebhookUrlPolicy urlPolicy;

    @Autowired
    private RetryPolicy retryPolicy;

    @Autowired
    @Qualifier("webhookSenders")
    private ExecutorService webhookSenders;

    @Autowired
    private WebhookSender sender;

    @Test
    void aTenantsSlowReceiversHoldOnlyItsShareWhileAnotherTenantsWebhookIsSentAtOnce() throws Exception {
        receiver.stubFor(post(urlPathMatching("/slow/.*")).willReturn(aResponse().withStatus(204)
                .withFixedDelay((int) SLOW.toMillis())));
        receiver.stubFor(post(urlPathMatching("/quick/.*")).willReturn(aResponse().withStatus(204)));
        TenantId noisy = new TenantId(newTenant());
        TenantId quiet = new TenantId(newTenant());
        List<String> noisyEndpoints = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            noisyEndpoints.add(endpoint(noisy, "/slow/" + noisy.value() + "/" + i));
        }
        for (int i = 0; i < 30; i++) {
            enqueue(noisy, noisyEndpoints.get(i % 3), "noisy-" + i);
        }
        String quietEndpoint = endpoint(quiet, "/quick/" + quiet.value());

        try (WebhookSender patientSender = new WebhookSender(urlPolicy, Duration.ofSeconds(5), SLOW.multipliedBy(3),
                LIMITS.total())) {
            InFlightSends inFlight = new InFlightSends(LIMITS);
            FreshDeliveries fresh = new FreshDeliveries(100);
            WebhookDispatcher dispatcher = new WebhookDispatcher(deliveryStore, fresh, Duration.ZERO, endpointStore,
                    new BreakingWebhookTransport(patientSender, CircuitBreakerRegistry.ofDefaults()), retryPolicy,
                    webhookSenders, inFlight, clock, "share-test", Duration.ofMinutes(2), 50);

            WebhookDispatcher.Run noisyRun = dispatcher.runOnce();
            assertThat(noisyRun.sent()).as("the run returns while its attempts are under way").isNotDone();
            assertThat(inFlight.of(noisy)).as("the noisy tenant's share").isEqualTo(LIMITS.perTenant());

            String quietDelivery = enqueue(quiet, quietEndpoint, "quiet-1");
            WebhookDispatcher.Run quietRun = dispatcher.runOnce();
            quietRun.sent().join();

            assertThat(noisyRun.sent()).as("the noisy tenant's attempts are still under way").isNotDone();
            assertThat(deliveryState(quiet, quietDelivery)).as("the quiet tenant's webhook was sent meanwhile")
                    .isEqualTo(WebhookDeliveryState.WEBHOOK_DELIVERY_STATE_DELIVERED);
            assertThat(received("/quick/" + quiet.value())).hasSize(1);
            assertThat(inFlight.of(noisy)).as("nothing more of the noisy tenant's was claimed")
                    .isEqualTo(LIMITS.perTenant());
            Map<String, Long> perEndpoint = received("/slow/" + noisy.value() + "/.*").stream()
                    .collect(Collectors.groupingBy(LoggedRequest::getUrl, Collectors.counting()));
            assertThat(perEndpoint.values()).as("attempts under way per endpoint")
                    .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(LIMITS.perEndpoint()));

            noisyRun.sent().join();
            assertThat(inFlight.of(noisy)).as("the share is free again once the attempts ended").isZero();
        }
    }

    /**
     * A backlog for one receiver goes out as fast as it answers: while its limit keeps deliveries back, the next run
     * follows as soon as an attempt ends, as the background job runs them, rather than a limit's worth per poll
     * (which took the benchmark's one receiver to 2 webhooks a second).
     */
    @Test
    void aBacklogForOneReceiverIsSentAsItAnswersWithinItsLimit() {
        receiver.stubFor(post(urlPathMatching("/busy/.*")).willReturn(aResponse().withStatus(204)
                .withFixedDelay(BUSY_MILLIS)));
        TenantId tenant = new TenantId(newTenant());
        String endpoint = endpoint(tenant, "/busy/" + tenant.value());
        int backlog = 12;
        for (int i = 0; i < backlog; i++) {
            enqueue(tenant, endpoint, "busy-" + i);
        }
        InFlightSends inFlight = new InFlightSends(LIMITS);
        WebhookDispatcher dispatcher = new WebhookDispatcher(deliveryStore, new FreshDeliveries(100), Duration.ZERO,
                endpointStore, new BreakingWebhookTransport(sender, CircuitBreakerRegistry.ofDefaults()),
                retryPolicy, webhookSenders, inFlight, clock, "backlog-test", Duration.ofMinutes(2), 50);

        List<CompletableFuture<Void>> attempts = new ArrayList<>();
        int runs = 0;
        WebhookDispatcher.Run run;
        do {
            run = dispatcher.runOnce();
            attempts.add(run.sent());
            runs++;
        } while (dispatcher.runAgain(run, Duration.ofSeconds(30)) && runs < 10 * backlog);
        CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).join();

        assertThat(received("/busy/" + tenant.value())).as("all sent in one pass of runs").hasSize(backlog);
        assertThat(inFlight.of(tenant)).isZero();
    }

    private String endpoint(TenantId tenant, String path) {
        return as(tenant.value(), WebhookServiceGrpc.newBlockingStub(channel)).createWebhookEndpoint(
                CreateWebhookEndpointRequest.newBuilder().setEndpoint(WebhookEndpoint.newBuilder()
                        .setUrl("http://127.0.0.1:" + receiver.getPort() + path)
                        .addEventTypes(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DUE))
                        .build())
                .getEndpoint().getId();
    }

    /** A delivery due now, as the scheduler's sink stores one; returns its id. */
    private String enqueue(TenantId tenant, String endpointId, String eventId) {
        Instant now = clock.instant();
        String id = eventId + "-" + tenant.value();
        deliveryStore.enqueue(tenant, WebhookDelivery.builder().id(id).endpointId(endpointId).eventId(eventId)
                .eventType(io.exceed.followup.domain.event.FollowUpEventType.DUE).body("{}")
                .state(DeliveryState.PENDING).nextAttemptTime(now).createTime(now).updateTime(now).build());
        return id;
    }

    private WebhookDeliveryState deliveryState(TenantId tenant, String deliveryId) {
        return as(tenant.value(), WebhookServiceGrpc.newBlockingStub(channel)).getWebhookDelivery(
                GetWebhookDeliveryRequest.newBuilder().setDeliveryId(deliveryId).build()).getState();
    }

    private List<LoggedRequest> received(String pathPattern) {
        return receiver.findAll(postRequestedFor(urlPathMatching(pathPattern)));
    }
}
