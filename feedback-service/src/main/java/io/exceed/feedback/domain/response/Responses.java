package io.exceed.feedback.domain.response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.erasure.ErasedCustomerGuard;
import io.exceed.feedback.domain.CustomerIds;
import io.exceed.defaults.paging.Page;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.event.FeedbackEventType;
import io.exceed.feedback.domain.survey.QuestionKind;
import io.exceed.feedback.domain.survey.SurveyVersion;
import io.exceed.feedback.domain.survey.Surveys;

/**
 * Recording responses: validated against the version answered, scored, and announced to the feed. A response that
 * carries no expectations is scored against the customer's latest expectation snapshot (from customer-service);
 * when that cannot be had (none recorded, customer-service down or its breaker open), against the invitation's
 * expectations if it came through one that had them, else against none (no gaps). The answer is never lost.
 */
public class Responses {

    /** Older answers are data migrations, not feedback: import them another way. */
    private static final Duration MAX_SUBMIT_AGE = Duration.ofDays(5 * 366);
    private static final String RESOURCE = "response";

    private final ResponseStore store;
    private final Surveys surveys;
    private final ExpectationSnapshots snapshots;
    private final ErasedCustomerGuard erased;
    private final Clock clock;

    public Responses(ResponseStore store, Surveys surveys, ExpectationSnapshots snapshots, ErasedCustomerGuard erased,
            Clock clock) {
        this.store = store;
        this.erased = erased;
        this.surveys = surveys;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /** A response an integrator collected; version 0 means the latest published. */
    public Response record(TenantId tenant, Response draft, Optional<String> requestId, Violations violations) {
        CustomerIds.check(draft.customerId(), "response.customer_id", violations);
        violations.require(draft.surveyVersion() >= 0, "response.survey_version", "must be 0 (latest) or more");
        violations.throwIfAny();
        erased.requireKnown(tenant, draft.customerId());
        SurveyVersion version = draft.surveyVersion() == 0 ? surveys.latestPublished(tenant, draft.surveyId())
                : surveys.version(tenant, draft.surveyId(), draft.surveyVersion());
        Instant now = clock.instant();
        Instant submitted = draft.submitTime() == null ? now : draft.submitTime();
        violations.require(!submitted.isAfter(now), "response.submit_time", "must not be in the future");
        violations.require(!submitted.isBefore(now.minus(MAX_SUBMIT_AGE)), "response.submit_time",
                "must be within the last 5 years");
        Response response = scored(tenant, version, Response.builder().customerId(draft.customerId())
                .source(ResponseSource.INTEGRATOR).language(draft.language()).answers(draft.answers())
                .segment(draft.segment()).expectations(draft.expectations()).submitTime(submitted).recordTime(now)
                .build(), List.of(), violations);
        Response stored = store.insert(tenant, response, events(response), requestId.map(id -> "req:" + id))
                .response();
        erased.refuseIfErasedMeanwhile(tenant, draft.customerId());
        return stored;
    }

    /**
     * The answers given through an invitation's link. The invitation is the submission key, so of two
     * simultaneous submissions exactly one is stored and the other is told the link was used.
     */
    public Response recordForInvitation(TenantId tenant, AnswerInvitation command, Violations violations) {
        Instant now = clock.instant();
        Invitation invitation = command.invitation();
        Response response = scored(tenant, command.version(), Response.builder().customerId(invitation.customerId())
                .invitationId(invitation.id()).source(ResponseSource.INVITATION).language(command.language())
                .answers(command.answers()).segment(invitation.segment()).submitTime(now).recordTime(now).build(),
                invitation.expectations(), violations);
        ResponseStore.Stored stored = store.insert(tenant, response, events(response),
                Optional.of("invitation:" + invitation.id()));
        if (!stored.created()) {
            throw Invitations.tokenUsed();
        }
        erased.refuseIfErasedMeanwhile(tenant, invitation.customerId());
        return stored.response();
    }

    public Response get(TenantId tenant, String id) {
        return store.find(tenant, id).orElseThrow(() -> new NotFoundException(RESOURCE, id));
    }

    public Page<Response> list(TenantId tenant, ResponseFilter filter, Optional<String> afterId, int limit) {
        return store.list(tenant, filter, afterId, limit);
    }

    /**
     * The draft checked against the version answered, with its scores and gaps.
     *
     * @param draft    who answered, how and when; the expectations it carries are checked
     * @param fallback used when it carries none and the latest snapshot cannot be had
     */
    private Response scored(TenantId tenant, SurveyVersion version, Response draft, List<ExpectedLevel> fallback,
            Violations violations) {
        String prefix = fieldPrefix(draft.source());
        String checkedLanguage = ResponseRules.checkLanguage(version, draft.language(), prefix + "language",
                violations);
        List<Answer> checkedAnswers = ResponseRules.checkAnswers(version, draft.answers(), prefix + "answers",
                violations);
        Map<String, String> checkedSegment = ResponseRules.checkSegment(draft.segment(), prefix + "segment",
                violations);
        List<ExpectedLevel> checkedGiven = ResponseRules.checkExpectations(draft.expectations(),
                prefix + "expectations", violations);
        violations.throwIfAny();
        // Asked only for a valid response: a refused one costs customer-service nothing.
        List<ExpectedLevel> checkedExpectations = checkedGiven.isEmpty()
                ? snapshots.latest(tenant, draft.customerId()).orElse(fallback) : checkedGiven;
        return draft.toBuilder().id(TimeOrderedIds.next()).surveyId(version.surveyId())
                .surveyVersion(version.version()).language(checkedLanguage).answers(checkedAnswers)
                .segment(checkedSegment).expectations(checkedExpectations)
                .gaps(ResponseRules.gaps(version, checkedAnswers, checkedExpectations))
                .nps(ResponseRules.scoreOf(version, checkedAnswers, QuestionKind.NPS))
                .csat(ResponseRules.scoreOf(version, checkedAnswers, QuestionKind.CSAT))
                .ces(ResponseRules.scoreOf(version, checkedAnswers, QuestionKind.CES)).build();
    }

    /** Where a problem is reported: an integrator's request nests the response, a respondent's answers are not. */
    private static String fieldPrefix(ResponseSource source) {
        return switch (source) {
            case INTEGRATOR -> "response.";
            case INVITATION -> "";
        };
    }

    private static List<FeedbackEvent> events(Response response) {
        List<FeedbackEvent> events = new ArrayList<>();
        events.add(event(FeedbackEventType.RESPONSE_RECEIVED, response).id(TimeOrderedIds.next()).build());
        if (response.isDetractor()) {
            events.add(event(FeedbackEventType.DETRACTOR_RECEIVED, response).id(TimeOrderedIds.next()).build());
        }
        return events;
    }

    /** The event of this type that announces the response, but for its id. */
    public static FeedbackEvent.Builder event(FeedbackEventType type, Response response) {
        return FeedbackEvent.builder().type(type).customerId(response.customerId()).responseId(response.id())
                .surveyId(response.surveyId()).npsScore(response.nps()).occurTime(response.recordTime());
    }
}
