package io.exceed.followup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.exceed.followup.FollowUpFixtures.followUp;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.ErrorInfo;
import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.api.FollowUpEventMapper;
import io.exceed.followup.client.BreakingWebhookTransport;
import io.exceed.followup.config.WebhookProperties;
import io.exceed.followup.domain.followup.FollowUps;
import io.exceed.followup.domain.schedule.MilestoneScheduler;
import io.exceed.followup.domain.webhook.ClaimedDelivery;
import io.exceed.followup.domain.webhook.DeliveryState;
import io.exceed.followup.domain.webhook.FreshDeliveries;
import io.exceed.followup.domain.webhook.InFlightSends;
import io.exceed.followup.domain.webhook.RetryPolicy;
import io.exceed.followup.domain.webhook.WebhookDispatcher;
import io.exceed.followup.domain.webhook.WebhookEventSink;
import io.exceed.followup.store.FollowUpCollections;
import io.exceed.followup.store.MongoDeliveryStore;
import io.exceed.followup.store.MongoWebhookEndpointStore;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.CreateWebhookEndpointRequest;
import io.exceed.followup.v1.EnableWebhookEndpointRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpEvent;
import io.exceed.followup.v1.FollowUpEventType;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.GetWebhookDeliveryRequest;
import io.exceed.followup.v1.GetWebhookEndpointRequest;
import io.exceed.followup.v1.ListWebhookDeliveriesRequest;
import io.exceed.followup.v1.ListWebhookEndpointsRequest;
import io.exceed.followup.v1.ReplayWebhookDeliveryRequest;
import io.exceed.followup.v1.RotateWebhookSecretRequest;
import io.exceed.followup.v1.WebhookAttempt;
import io.exceed.followup.v1.WebhookAttemptOutcome;
import io.exceed.followup.v1.WebhookDelivery;
import io.exceed.followup.v1.WebhookDeliveryState;
import io.exceed.followup.v1.WebhookEndpoint;
import io.exceed.followup.v1.WebhookEndpointState;
import io.exceed.followup.v1.WebhookEndpointWithSecret;
import io.exceed.followup.v1.WebhookServiceGrpc;
import io.exceed.followup.v1.WebhookServiceGrpc.WebhookServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.micrometer.core.instrument.MeterRegistry;

class WebhookTest extends FollowUpServiceTestBase {

    @RegisterExtension
    static final WireMockExtension receiver = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @Autowired
    private MilestoneScheduler scheduler;

    @Autowired
    private WebhookDispatcher dispatcher;

    @Autowired
    private MongoDeliveryStore deliveryStore;

    @Autowired
    private BreakingWebhookTransport transport;

    @Autowired
    private MongoDatabase database;

    @Autowired
    private MongoWebhookEndpointStore endpointStore;

    @Autowired
    private FollowUps followUps;

    @Autowired
    private RetryPolicy retryPolicy;

    @Autowired
    @Qualifier("webhookSenders")
    private ExecutorService webhookSenders;

    @Autowired
    private WebhookProperties webhookProperties;

    @Autowired
    private MeterRegistry meters;

    private WebhookServiceBlockingStub webhooks(String tenant) {
        return as(tenant, WebhookServiceGrpc.newBlockingStub(channel));
    }

    private String url(String tenant) {
        return "http://127.0.0.1:" + receiver.getPort() + "/hooks/" + tenant;
    }

    private WebhookEndpointWithSecret register(String tenant, FollowUpEventType... types) {
        return webhooks(tenant).createWebhookEndpoint(CreateWebhookEndpointRequest.newBuilder()
                .setEndpoint(WebhookEndpoint.newBuilder().setUrl(url(tenant)).setDescription("CRM")
                        .addAllEventTypes(List.of(types)))
                .build());
    }

    private void answer(String tenant, int status) {
        receiver.stubFor(post("/hooks/" + tenant).willReturn(aResponse().withStatus(status)));
    }

    /** Creates a follow-up due in 2 h, moves the clock there and lets the scheduler emit DUE. */
    private FollowUp dueFollowUp(String tenant, String sourceReference) {
        Instant created = clock.instant();
        FollowUp followUp = as(tenant, FollowUpServiceGrpc.newBlockingStub(channel)).createFollowUp(
                CreateFollowUpRequest.newBuilder().setFollowUp(followUp(created, sourceReference)).build());
        clock.set(created.plus(Duration.ofHours(2)));
        scheduler.runOnce();
        return followUp;
    }

    /** Runs the dispatcher until it has nothing more to claim, each run's attempts ended before the next. */
    private void dispatch() {
        WebhookDispatcher.Run run;
        do {
            run = dispatcher.runOnce();
            run.sent().join();
        } while (run.full());
    }

    private List<LoggedRequest> received(String tenant) {
        return receiver.findAll(postRequestedFor(urlEqualTo("/hooks/" + tenant)));
    }

    private WebhookDelivery onlyDelivery(String tenant) {
        List<WebhookDelivery> deliveries = webhooks(tenant).listWebhookDeliveries(
                ListWebhookDeliveriesRequest.getDefaultInstance()).getDeliveriesList();
        assertThat(deliveries).hasSize(1);
        return webhooks(tenant).getWebhookDelivery(GetWebhookDeliveryRequest.newBuilder()
                .setDeliveryId(deliveries.getFirst().getId()).build());
    }

    @Test
    void aSecretIsShownAgainOnlyToARetryOfTheRequestThatIssuedItWhileItIsStillCurrent() {
        String tenant = newTenant();
        CreateWebhookEndpointRequest create = CreateWebhookEndpointRequest.newBuilder().setRequestId("create-1")
                .setEndpoint(WebhookEndpoint.newBuilder().setUrl(url(tenant)).setDescription("CRM")).build();
        WebhookEndpointWithSecret first = webhooks(tenant).createWebhookEndpoint(create);
        assertThat(webhooks(tenant).createWebhookEndpoint(create).getSecret()).as("a retry before any rotation")
                .isEqualTo(first.getSecret());

        clock.advance(Duration.ofMinutes(5));
        RotateWebhookSecretRequest rotate = RotateWebhookSecretRequest.newBuilder()
                .setEndpointId(first.getEndpoint().getId()).setRequestId("rotate-1").build();
        String rotated = webhooks(tenant).rotateWebhookSecret(rotate).getSecret();

        assertThat(rotated).startsWith("whsec_").isNotEqualTo(first.getSecret());
        assertThat(webhooks(tenant).createWebhookEndpoint(create).getSecret())
                .as("the first secret was replaced: a retry of the create shows none").isEmpty();
        assertThat(webhooks(tenant).rotateWebhookSecret(rotate).getSecret())
                .as("a retry of the rotation issues nothing and shows nothing").isEmpty();
    }

    @Test
    void aDueFollowUpIsPostedAsSignedJsonThatAnIndependentVerifierAccepts() throws Exception {
        String tenant = newTenant();
        WebhookEndpointWithSecret endpoint = register(tenant);
        answer(tenant, 204);
        FollowUp followUp = dueFollowUp(tenant, "response/r-1");

        dispatch();

        LoggedRequest request = received(tenant).getFirst();
        String id = request.getHeader("webhook-id");
        String timestamp = request.getHeader("webhook-timestamp");
        assertThat(id).isEqualTo(followUp.getId() + ".due");
        assertThat(Long.parseLong(timestamp)).isEqualTo(clock.instant().getEpochSecond());
        assertThat(request.getHeader("webhook-signature"))
                .isEqualTo("v1," + hmac(endpoint.getSecret(), id + "." + timestamp + "." + request.getBodyAsString()));
        FollowUpEvent.Builder event = FollowUpEvent.newBuilder();
        JsonFormat.parser().merge(request.getBodyAsString(), event);
        assertThat(event.getType()).isEqualTo(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DUE);
        assertThat(event.getFollowUp().getId()).isEqualTo(followUp.getId());
        WebhookDelivery delivery = onlyDelivery(tenant);
        assertThat(delivery.getState()).isEqualTo(WebhookDeliveryState.WEBHOOK_DELIVERY_STATE_DELIVERED);
        assertThat(delivery.getAttemptsList()).singleElement().satisfies(attempt -> {
            assertThat(attempt.getHttpStatus()).isEqualTo(204);
            assertThat(attempt.getOutcome()).isEqualTo(WebhookAttemptOutcome.WEBHOOK_ATTEMPT_OUTCOME_DELIVERED);
        });
    }

    private double attempts(String outcome) {
        return meters.get("exceed.webhooks.attempts").tag("outcome", outcome).counter().count();
    }

    private double disabledForFailing() {
        return meters.get("exceed.webhooks.endpoints.disabled").tag("reason", "failing").gauge().value();
    }

    @Test
    void serverErrorsAndTimeoutsAreRetriedWithBackoffUnderTheSameWebhookId() throws Exception {
        double retryableBefore = attempts("retryable_status");
        double timeoutsBefore = attempts("timeout");
        double deliveredBefore = attempts("delivered");
        double dueBefore = meters.get("exceed.followups.milestones").tag("type", "due").counter().count();
        String tenant = newTenant();
        register(tenant);
        String path = "/hooks/" + tenant;
        receiver.stubFor(post(path).inScenario(tenant).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("503"));
        receiver.stubFor(post(path).inScenario(tenant).whenScenarioStateIs("503")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("slow"));
        receiver.stubFor(post(path).inScenario(tenant).whenScenarioStateIs("slow")
                .willReturn(aResponse().withStatus(200).withFixedDelay(2_000)).willSetStateTo("ok"));
        receiver.stubFor(post(path).inScenario(tenant).whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200)));
        dueFollowUp(tenant, "response/r-2");

        dispatch();
        WebhookDelivery afterFirst = onlyDelivery(tenant);
        assertThat(afterFirst.getState()).isEqualTo(WebhookDeliveryState.WEBHOOK_DELIVERY_STATE_PENDING);
        Duration wait = Duration.between(clock.instant(), Instant.ofEpochSecond(
                afterFirst.getNextAttemptTime().getSeconds()));
        assertThat(wait).as("10 s +-50 %").isBetween(Duration.ofSeconds(4), Duration.ofSeconds(15));
        dispatch();
        assertThat(received(tenant)).as("not due yet").hasSize(1);

        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofHours(1));
            dispatch();
        }

        WebhookDelivery delivery = onlyDelivery(tenant);
        assertThat(delivery.getState()).isEqualTo(WebhookDeliveryState.WEBHOOK_DELIVERY_STATE_DELIVERED);
        assertThat(delivery.getAttemptsList()).extracting(WebhookAttempt::getOutcome).containsExactly(
                WebhookAttemptOutcome.WEBHOOK_ATTEMPT_OUTCOME_RETRYABLE_STATUS,
                WebhookAttemptOutcome.WEBHOOK_ATTEMPT_OUTCOME_RETRYABLE_STATUS,
                WebhookAttemptOutcome.WEBHOOK_ATTEMPT_OUTCOME_TIMEOUT,
                WebhookAttemptOutcome.WEBHOOK_ATTEMPT_OUTCOME_DELIVERED);
        assertThat(received(tenant)).extracting(request -> request.getHeader("webhook-id")).hasSize(4)
                .containsOnly(delivery.getEventId());
        assertThat(attempts("retryable_status") - retryableBefore).as("exceed_webhooks_attempts_total").isEqualTo(2);
        assertThat(attempts("timeout") - timeoutsBefore).isEqualTo(1);
        assertThat(attempts("delivered") - deliveredBefore).isEqualTo(1);
        assertThat(meters.get("exceed.followups.milestones").tag("type", "due").counter().count() - dueBefore)
                .as("exceed_followups_milestones_total").isEqualTo(1);
        assertThat(meters.get("exceed.followups.milestone.lag").timer().count()).isPositive();
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        String tenant = newTenant();
        register(tenant);
        answer(tenant, 400);
        dueFollowUp(tenant, "response/r-3");

        dispatch();
        clock.advance(Duration.ofDays(1));
        dispatch();

        assertThat(received(tenant)).hasSize(1);
        WebhookDelivery delivery = onlyDelivery(tenant);
        assertThat(delivery.getState()).isEqualTo(WebhookDeliveryState.WEBHOOK_DELIVERY_STATE_FAILED);
        assertThat(delivery.getAttempts(0).getOutcome())
                .isEqualTo(WebhookAttemptOutcome.WEBHOOK_ATTEMPT_OUTCOME_REJECTED);
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        String tenant = newTenant();
        register(tenant);
        receiver.stubFor(post("/hooks/" + tenant).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "120")));
        dueFollowUp(tenant, "response/r-4");
        Instant first = clock.instant();

        dispatch();
        assertThat(onlyDelivery(tenant).getNextAttemptTime().getSeconds())
                .isEqualTo(first.plusSeconds(120).getEpochSecond());
        clock.set(first.plusSeconds(60));
        dispatch();
        assertThat(received(tenant)).as("the receiver asked for 120 s").hasSize(1);
        clock.set(first.plusSeconds(121));
        dispatch();
        assertThat(received(tenant)).hasSize(2);
    }

    @Test
    void theBreakerOpensForAFailingEndpointAndRecovers() throws Exception {
        String tenant = newTenant();
        register(tenant);
        answer(tenant, 500);
        for (int i = 0; i < 6; i++) {
            as(tenant, FollowUpServiceGrpc.newBlockingStub(channel)).createFollowUp(CreateFollowUpRequest.newBuilder()
                    .setFollowUp(followUp(clock.instant(), "order/" + i)).build());
        }
        clock.advance(Duration.ofHours(2));
        scheduler.runOnce();

        dispatch();
        int sentWhileFailing = received(tenant).size();
        assertThat(sentWhileFailing).as("the breaker opened after 5 failures").isBetween(5, 6);
        for (int round = 1; round <= 2; round++) {
            clock.advance(Duration.ofHours(1));
            dispatch();
            assertThat(received(tenant)).as("past its wait (on the service's clock) the open breaker let one probe out")
                    .hasSize(sentWhileFailing + round);
        }

        answer(tenant, 200);
        for (int round = 0; round < 3; round++) {
            clock.advance(Duration.ofMinutes(1));
            dispatch();
        }
        assertThat(webhooks(tenant).listWebhookDeliveries(ListWebhookDeliveriesRequest.newBuilder()
                .setState(WebhookDeliveryState.WEBHOOK_DELIVERY_STATE_DELIVERED).build()).getDeliveriesList())
                .as("a probe succeeded, the breaker closed and the rest went out").hasSize(6);
    }

    @Test
    void aReplicaClaimsTheDeliveriesItJustStoredByIdAndSearchesForTheRestOncePerInterval() throws Exception {
        String tenant = newTenant();
        TenantId tenantId = new TenantId(tenant);
        String endpointId = register(tenant).getEndpoint().getId();
        answer(tenant, 204);
        FreshDeliveries fresh = new FreshDeliveries(100);
        WebhookEventSink sink = new WebhookEventSink(endpointStore, deliveryStore, fresh, FollowUpEventMapper::toJson,
                clock);
        WebhookDispatcher replica = new WebhookDispatcher(deliveryStore, fresh, Duration.ofDays(1), endpointStore,
                transport, retryPolicy, webhookSenders, new InFlightSends(webhookProperties.dispatch().inFlight()), clock, "replica-x",
                Duration.ofMinutes(2), 50);
        replica.runOnce().sent().join();

        String first = announceDue(sink, tenantId, "order/named-1");
        Instant now = clock.instant();
        deliveryStore.enqueue(tenantId, new io.exceed.followup.domain.webhook.WebhookDelivery("unnamed-" + tenant,
                endpointId, "unnamed-event", io.exceed.followup.domain.event.FollowUpEventType.DUE, "{}",
                DeliveryState.PENDING, now, List.of(), 0, now, now));
        replica.runOnce().sent().join();
        assertThat(received(tenant)).as("within the interval only what it stored itself, taken by id")
                .extracting(request -> request.getHeader("webhook-id")).containsExactly(first);

        String second = announceDue(sink, tenantId, "order/named-2");
        clock.advance(Duration.ofDays(1));
        replica.runOnce().sent().join();
        assertThat(received(tenant)).as("once the interval has passed it searches as well")
                .extracting(request -> request.getHeader("webhook-id"))
                .containsExactlyInAnyOrder(first, "unnamed-event", second);
    }

    /** Hands the sink a DUE event for a new follow-up, as the replica's scheduler does; returns the event id. */
    private String announceDue(WebhookEventSink sink, TenantId tenant, String sourceReference) {
        FollowUp created = as(tenant.value(), FollowUpServiceGrpc.newBlockingStub(channel)).createFollowUp(
                CreateFollowUpRequest.newBuilder().setFollowUp(followUp(clock.instant(), sourceReference)).build());
        String eventId = created.getId() + ".due";
        sink.accept(tenant, new io.exceed.followup.domain.event.FollowUpEvent(eventId,
                io.exceed.followup.domain.event.FollowUpEventType.DUE, followUps.get(tenant, created.getId()), null,
                clock.instant()));
        return eventId;
    }

    @Test
    void aRunReadsEachEndpointOnceAndASuccessWritesNothingToAHealthyEndpoint() throws Exception {
        String tenant = newTenant();
        register(tenant);
        answer(tenant, 204);
        for (int i = 0; i < 5; i++) {
            as(tenant, FollowUpServiceGrpc.newBlockingStub(channel)).createFollowUp(CreateFollowUpRequest.newBuilder()
                    .setFollowUp(followUp(clock.instant(), "order/batch-" + i)).build());
        }
        clock.advance(Duration.ofHours(2));
        scheduler.runOnce();
        long reads = storeCommands.count("find", FollowUpCollections.WEBHOOK_ENDPOINTS, tenant);
        long writes = storeCommands.count("update", FollowUpCollections.WEBHOOK_ENDPOINTS, tenant);

        WebhookDispatcher.Run run = dispatcher.runOnce();
        run.sent().join();
        assertThat(run.claimed()).isEqualTo(5);

        assertThat(received(tenant)).hasSize(5);
        assertThat(storeCommands.count("find", FollowUpCollections.WEBHOOK_ENDPOINTS, tenant) - reads)
                .as("one read of the endpoint for the whole run").isEqualTo(1);
        assertThat(storeCommands.count("update", FollowUpCollections.WEBHOOK_ENDPOINTS, tenant) - writes)
                .as("a healthy endpoint is not written on success").isZero();
        assertThat(webhooks(tenant).listWebhookDeliveries(ListWebhookDeliveriesRequest.newBuilder()
                .setState(WebhookDeliveryState.WEBHOOK_DELIVERY_STATE_DELIVERED).build()).getDeliveriesList())
                .hasSize(5);
    }

    @Test
    void aSuccessAfterFailuresClearsTheEndpointsFailingSince() throws Exception {
        String tenant = newTenant();
        WebhookEndpoint endpoint = register(tenant).getEndpoint();
        GetWebhookEndpointRequest get = GetWebhookEndpointRequest.newBuilder().setEndpointId(endpoint.getId()).build();
        answer(tenant, 503);
        dueFollowUp(tenant, "response/r-recovers");
        dispatch();
        assertThat(webhooks(tenant).getWebhookEndpoint(get).hasFailingSince()).isTrue();

        answer(tenant, 200);
        clock.advance(Duration.ofHours(1));
        long writes = storeCommands.count("update", FollowUpCollections.WEBHOOK_ENDPOINTS, tenant);
        dispatch();

        assertThat(onlyDelivery(tenant).getState()).isEqualTo(WebhookDeliveryState.WEBHOOK_DELIVERY_STATE_DELIVERED);
        assertThat(webhooks(tenant).getWebhookEndpoint(get).hasFailingSince()).isFalse();
        assertThat(storeCommands.count("update", FollowUpCollections.WEBHOOK_ENDPOINTS, tenant) - writes)
                .as("the failing endpoint was written once, to clear it").isEqualTo(1);
    }

    @Test
    void anEndpointFailingForTheWholeFailurePeriodIsDisabledAndItsDeliveriesHeldUntilItIsEnabled()
            throws Exception {
        String tenant = newTenant();
        WebhookEndpoint endpoint = register(tenant).getEndpoint();
        answer(tenant, 503);
        dueFollowUp(tenant, "response/r-5");
        Instant firstFailure = clock.instant();
        double disabledBefore = disabledForFailing();

        dispatch();
        clock.set(firstFailure.plus(Duration.ofDays(5)));
        dispatch();

        WebhookEndpoint disabled = webhooks(tenant).getWebhookEndpoint(GetWebhookEndpointRequest.newBuilder()
                .setEndpointId(endpoint.getId()).build());
        assertThat(disabled.getState()).isEqualTo(WebhookEndpointState.WEBHOOK_ENDPOINT_STATE_DISABLED_FAILING);
        assertThat(disabled.getDisabledReason()).contains("failed");
        assertThat(disabled.getFailingSince().getSeconds()).isEqualTo(firstFailure.getEpochSecond());
        assertThat(onlyDelivery(tenant).getState()).isEqualTo(WebhookDeliveryState.WEBHOOK_DELIVERY_STATE_HELD);
        assertThat(disabledForFailing() - disabledBefore).as("exceed_webhooks_endpoints_disabled{reason=\"failing\"}")
                .isEqualTo(1);

        answer(tenant, 200);
        WebhookEndpoint enabled = webhooks(tenant).enableWebhookEndpoint(EnableWebhookEndpointRequest.newBuilder()
                .setEndpointId(endpoint.getId()).build());
        assertThat(disabledForFailing()).isEqualTo(disabledBefore);
        assertThat(enabled.getState()).isEqualTo(WebhookEndpointState.WEBHOOK_ENDPOINT_STATE_ENABLED);
        assertThat(enabled.hasFailingSince()).isFalse();
        dispatch();
        assertThat(onlyDelivery(tenant).getState()).isEqualTo(WebhookDeliveryState.WEBHOOK_DELIVERY_STATE_DELIVERED);
    }

    @Test
    void aReplaySendsTheDeliveryAgainWithTheSameWebhookId() throws Exception {
        String tenant = newTenant();
        register(tenant);
        answer(tenant, 200);
        dueFollowUp(tenant, "response/r-6");
        dispatch();
        WebhookDelivery delivered = onlyDelivery(tenant);

        WebhookDelivery replayed = webhooks(tenant).replayWebhookDelivery(ReplayWebhookDeliveryRequest.newBuilder()
                .setDeliveryId(delivered.getId()).setRequestId("replay-1").build());
        webhooks(tenant).replayWebhookDelivery(ReplayWebhookDeliveryRequest.newBuilder()
                .setDeliveryId(delivered.getId()).setRequestId("replay-1").build());
        assertThat(replayed.getState()).isEqualTo(WebhookDeliveryState.WEBHOOK_DELIVERY_STATE_PENDING);
        dispatch();

        assertThat(received(tenant)).extracting(request -> request.getHeader("webhook-id"))
                .containsExactly(delivered.getEventId(), delivered.getEventId());
        assertThat(onlyDelivery(tenant).getAttemptsCount()).isEqualTo(2);
    }

    @Test
    void duringARotationBothSecretsSignAndAfterTheOverlapOnlyTheNewOne() throws Exception {
        String tenant = newTenant();
        WebhookEndpointWithSecret created = register(tenant);
        answer(tenant, 200);
        WebhookEndpointWithSecret rotated = webhooks(tenant).rotateWebhookSecret(RotateWebhookSecretRequest
                .newBuilder().setEndpointId(created.getEndpoint().getId())
                .setOverlap(FollowUpFixtures.duration(Duration.ofHours(3))).build());
        assertThat(rotated.getSecret()).startsWith("whsec_").isNotEqualTo(created.getSecret());
        assertThat(rotated.getEndpoint().getSecretsList()).hasSize(2);

        dueFollowUp(tenant, "response/r-7");
        dispatch();
        LoggedRequest during = received(tenant).getLast();
        String signed = during.getHeader("webhook-id") + "." + during.getHeader("webhook-timestamp") + "."
                + during.getBodyAsString();
        assertThat(during.getHeader("webhook-signature").split(" "))
                .containsExactlyInAnyOrder("v1," + hmac(created.getSecret(), signed),
                        "v1," + hmac(rotated.getSecret(), signed));

        clock.advance(Duration.ofHours(16));
        scheduler.runOnce();
        dispatch();
        LoggedRequest after = received(tenant).getLast();
        assertThat(after.getHeader("webhook-id")).endsWith(".warning");
        assertThat(after.getHeader("webhook-signature")).isEqualTo("v1," + hmac(rotated.getSecret(),
                after.getHeader("webhook-id") + "." + after.getHeader("webhook-timestamp") + "."
                        + after.getBodyAsString()));
    }

    @Test
    void theSecretIsStoredEncryptedAndNeverShownAgain() {
        String tenant = newTenant();
        WebhookEndpointWithSecret created = register(tenant);
        String key = created.getSecret().substring("whsec_".length());

        WebhookEndpoint read = webhooks(tenant).getWebhookEndpoint(GetWebhookEndpointRequest.newBuilder()
                .setEndpointId(created.getEndpoint().getId()).build());
        assertThat(read.toString()).doesNotContain(key);
        assertThat(webhooks(tenant).listWebhookEndpoints(ListWebhookEndpointsRequest.getDefaultInstance()).toString())
                .doesNotContain(key);
        Document stored = database.getCollection("webhook_endpoints").find(new Document("_id", read.getId())).first();
        assertThat(stored.toJson()).doesNotContain(key);
        assertThat(stored.getList("secrets", Document.class).getFirst().getString("value")).startsWith("v2:");
    }

    @Test
    void aTenantAtItsEndpointLimitIsRefusedANewOneNamingTheLimitAndARetryOfAnEarlierCreateStillAnswers() {
        String tenant = newTenant();
        int limit = webhookProperties.maxEndpointsPerTenant();
        CreateWebhookEndpointRequest first = CreateWebhookEndpointRequest.newBuilder()
                .setEndpoint(WebhookEndpoint.newBuilder().setUrl(url(tenant)).setDescription("CRM 0"))
                .setRequestId("create-0").build();
        String firstId = webhooks(tenant).createWebhookEndpoint(first).getEndpoint().getId();
        for (int i = 1; i < limit; i++) {
            register(tenant);
        }

        assertThatThrownBy(() -> register(tenant)).isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(refused.getStatus().getDescription()).contains(Integer.toString(limit));
            ErrorInfo info = StatusProto.fromThrowable(refused).getDetailsList().stream()
                    .filter(detail -> detail.is(ErrorInfo.class)).map(WebhookTest::errorInfo).findFirst()
                    .orElseThrow();
            assertThat(info.getReason()).isEqualTo("WEBHOOK_ENDPOINT_LIMIT");
            assertThat(info.getMetadataMap()).containsEntry("limit", Integer.toString(limit))
                    .containsEntry("setting", "exceed.followup.webhooks.max-endpoints-per-tenant");
        });
        assertThat(webhooks(tenant).listWebhookEndpoints(ListWebhookEndpointsRequest.newBuilder().setPageSize(100)
                .build()).getEndpointsList()).as("nothing was stored").hasSize(limit);
        assertThat(webhooks(tenant).createWebhookEndpoint(first).getEndpoint().getId())
                .as("a retry of a create that was stored").isEqualTo(firstId);
        assertThat(webhooks(newTenant()).createWebhookEndpoint(first).getEndpoint().getId())
                .as("another tenant's share is its own").isNotEqualTo(firstId);
    }

    private static ErrorInfo errorInfo(com.google.protobuf.Any detail) {
        try {
            return detail.unpack(ErrorInfo.class);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDeliverySentByAReplicaThatDiedBeforeRecordingItIsSentAgainWithTheSameWebhookId() throws Exception {
        String tenant = newTenant();
        register(tenant);
        answer(tenant, 200);
        dueFollowUp(tenant, "response/r-8");
        ClaimedDelivery claimed = deliveryStore.claimDue(clock.instant(), "replica-dead",
                clock.instant().plus(Duration.ofMinutes(2)), 10_000,
                new InFlightSends(new InFlightSends.Limits(10_000, 10_000, 10_000)).admission()).stream()
                .filter(claim -> claim.tenant().value().equals(tenant)).findFirst().orElseThrow();
        transport.send(claimed.delivery().endpointId(), url(tenant), Map.of("webhook-id", claimed.delivery().eventId()),
                claimed.delivery().body().getBytes(StandardCharsets.UTF_8));

        dispatch();
        assertThat(received(tenant)).as("the lease is still live").hasSize(1);
        clock.advance(Duration.ofMinutes(2));
        dispatch();

        assertThat(received(tenant)).extracting(request -> request.getHeader("webhook-id"))
                .containsExactly(claimed.delivery().eventId(), claimed.delivery().eventId());
        assertThat(onlyDelivery(tenant).getState()).isEqualTo(WebhookDeliveryState.WEBHOOK_DELIVERY_STATE_DELIVERED);
    }

    @Test
    void onlySubscribedTypesAreSentAndOnlyToTheTenantsOwnEndpoints() throws Exception {
        String tenant = newTenant();
        String other = newTenant();
        register(tenant, FollowUpEventType.FOLLOW_UP_EVENT_TYPE_BREACHED);
        register(other);
        answer(tenant, 200);
        answer(other, 200);
        dueFollowUp(tenant, "response/r-9");
        dispatch();

        assertThat(received(tenant)).as("DUE is not subscribed").isEmpty();
        assertThat(received(other)).isEmpty();
        assertThat(webhooks(other).listWebhookDeliveries(ListWebhookDeliveriesRequest.getDefaultInstance())
                .getDeliveriesList()).isEmpty();
        String endpointId = webhooks(tenant).listWebhookEndpoints(ListWebhookEndpointsRequest.getDefaultInstance())
                .getEndpoints(0).getId();
        assertStatus(Status.Code.NOT_FOUND, () -> webhooks(other).getWebhookEndpoint(GetWebhookEndpointRequest
                .newBuilder().setEndpointId(endpointId).build()));
    }

    @Test
    void badEndpointsNameTheFieldAndStoreNothing() {
        String tenant = newTenant();
        for (String url : List.of("", "ftp://example.com/hook", "https://10.0.0.7/hook",
                "http://169.254.169.254/latest/meta-data", "https://[::1]/hook")) {
            assertInvalid(() -> webhooks(tenant).createWebhookEndpoint(CreateWebhookEndpointRequest.newBuilder()
                    .setEndpoint(WebhookEndpoint.newBuilder().setUrl(url)).build()), "endpoint.url");
        }
        assertInvalid(() -> webhooks(tenant).createWebhookEndpoint(CreateWebhookEndpointRequest.newBuilder()
                .setEndpoint(WebhookEndpoint.newBuilder().setUrl(url(tenant)).setDescription("x".repeat(257)))
                .build()), "endpoint.description");
        assertInvalid(() -> webhooks(tenant).createWebhookEndpoint(CreateWebhookEndpointRequest.newBuilder()
                .setEndpoint(WebhookEndpoint.newBuilder().setUrl(url(tenant))
                        .addEventTypes(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_UNSPECIFIED))
                .build()), "endpoint.event_types[0]");
        assertThat(webhooks(tenant).listWebhookEndpoints(ListWebhookEndpointsRequest.getDefaultInstance())
                .getEndpointsList()).isEmpty();

        String id = register(tenant).getEndpoint().getId();
        assertInvalid(() -> webhooks(tenant).rotateWebhookSecret(RotateWebhookSecretRequest.newBuilder()
                .setEndpointId(id).setOverlap(FollowUpFixtures.duration(Duration.ofDays(8))).build()), "overlap");
    }

    /** Standard Webhooks signing, written here from the specification rather than taken from the service. */
    private static String hmac(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
