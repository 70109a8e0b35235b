package io.exceed.feedback.client;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.client.TenantCalls;
import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.FeedDelivery;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.event.FeedbackEventType;
import io.exceed.feedback.domain.response.RecoveryPromises;
import io.exceed.feedback.domain.response.Response;
import io.exceed.feedback.domain.response.Responses;
import io.exceed.feedback.v1.Severity;
import io.exceed.followup.v1.EvaluatePlaybooksRequest;
import io.exceed.followup.v1.FollowUpReason;
import io.exceed.followup.v1.PlaybookEvent;
import io.exceed.followup.v1.PlaybookEventKind;
import io.exceed.followup.v1.PlaybookServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Hands feedback events to followup-service's playbooks, which schedule the follow-ups (a detractor is called
 * back, a resolved complaint gets a check-in). followup-service evaluates each event once per source reference
 * and reason, so a redelivered event schedules nothing new. Fallback when followup-service cannot be reached:
 * none is needed here; the event stays in the feed and the delivery retries with backoff.
 *
 * <p>It also tells a respondent when they will be called back ({@link RecoveryPromises}): the response's event
 * evaluated with {@code validate_only}, so the time told is the time the follow-up gets. Fallback when
 * followup-service cannot be reached in time: no time is told (the follow-up is still scheduled by the delivery).
 */
public final class PlaybookEvaluations implements FeedDelivery.Consumer<FeedbackEvent>, RecoveryPromises {

    public static final String TARGET = "followup-service";
    private static final Logger log = LoggerFactory.getLogger(PlaybookEvaluations.class);

    /** Answers about the event itself: asking again gets the same answer. */
    private static final Set<Status.Code> REFUSALS = Set.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.FAILED_PRECONDITION, Status.Code.NOT_FOUND, Status.Code.OUT_OF_RANGE,
            Status.Code.PERMISSION_DENIED);

    private final PlaybookServiceGrpc.PlaybookServiceBlockingStub playbooks;

    public PlaybookEvaluations(ServiceClients clients) {
        this.playbooks = PlaybookServiceGrpc.newBlockingStub(
                clients.channel(TARGET, PlaybookServiceGrpc.getServiceDescriptor()));
    }

    /** Whether playbooks react to this kind of event at all; the rest are passed without a call. */
    public static boolean concernsPlaybooks(FeedbackEvent event) {
        return playbookEvent(event).isPresent();
    }

    @Override
    public void deliver(TenantId tenant, FeedbackEvent event) {
        PlaybookEvent playbookEvent = playbookEvent(event).orElseThrow();
        try {
            TenantCalls.as(tenant, playbooks).evaluatePlaybooks(EvaluatePlaybooksRequest.newBuilder()
                    .setEvent(playbookEvent)
                    .setActor("feedback-service")
                    .build());
        } catch (StatusRuntimeException e) {
            if (ErasedCustomers.isRefusal(e)) {
                // The customer was erased meanwhile: the event is moot, and the refusal's text names them.
                return;
            }
            if (REFUSALS.contains(e.getStatus().getCode())) {
                throw new DeadLetters.Refused("followup-service refused event " + event.id() + ": "
                        + DeadLetters.Refused.reason(e.getStatus()), event.customerId(), e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Instant> promisedContact(TenantId tenant, Response response) {
        // The event the feed will carry for this response, under another id.
        Optional<PlaybookEvent> event = playbookEvent(Responses.event(FeedbackEventType.RESPONSE_RECEIVED, response)
                .id("preview").build());
        if (event.isEmpty()) {
            return Optional.empty();
        }
        try {
            return TenantCalls.as(tenant, playbooks).evaluatePlaybooks(EvaluatePlaybooksRequest.newBuilder()
                            .setEvent(event.get())
                            .setValidateOnly(true)
                            .setActor("feedback-service")
                            .build())
                    .getFollowUpsList().stream()
                    .filter(followUp -> followUp.getReason() == FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY
                            && followUp.hasPromisedTime())
                    .map(followUp -> Instant.ofEpochSecond(followUp.getPromisedTime().getSeconds(),
                            followUp.getPromisedTime().getNanos()))
                    .min(Comparator.naturalOrder());
        } catch (StatusRuntimeException e) {
            log.warn("could not learn the recovery promise of response {} from followup-service ({}); the respondent"
                    + " is thanked without a time", response.id(), e.getStatus().getCode());
            return Optional.empty();
        }
    }

    /**
     * The business event a playbook sees. A response counts once, with its score (playbooks set the
     * detractor threshold), so DETRACTOR_RECEIVED, recorded besides it, is not handed over again. A complaint's
     * source reference names the event too: a reopened complaint is a new occasion for a follow-up.
     */
    static Optional<PlaybookEvent> playbookEvent(FeedbackEvent event) {
        PlaybookEvent.Builder builder = PlaybookEvent.newBuilder()
                .setCustomerId(event.customerId())
                .setOccurTime(ProtoTimes.timestamp(event.occurTime()));
        return switch (event.type()) {
            case RESPONSE_RECEIVED -> event.npsScore() == null ? Optional.empty()
                    : Optional.of(builder.setKind(PlaybookEventKind.PLAYBOOK_EVENT_KIND_FEEDBACK_RESPONSE)
                            .setSourceReference("response/" + event.responseId())
                            .setNpsScore(event.npsScore()).build());
            case DETRACTOR_RECEIVED -> Optional.empty();
            case COMPLAINT_OPENED -> Optional.of(complaint(builder, event,
                    PlaybookEventKind.PLAYBOOK_EVENT_KIND_COMPLAINT_OPENED));
            case COMPLAINT_RESOLVED -> Optional.of(complaint(builder, event,
                    PlaybookEventKind.PLAYBOOK_EVENT_KIND_COMPLAINT_RESOLVED));
        };
    }

    private static PlaybookEvent complaint(PlaybookEvent.Builder builder, FeedbackEvent event, PlaybookEventKind kind) {
        return builder.setKind(kind)
                .setSourceReference("complaint/" + event.complaintId() + "/events/" + event.id())
                .setSeverity(Severity.valueOf("SEVERITY_" + event.severity()))
                .build();
    }
}
