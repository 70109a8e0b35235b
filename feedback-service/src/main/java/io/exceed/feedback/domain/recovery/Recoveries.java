package io.exceed.feedback.domain.recovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exceed.defaults.error.DomainException;
import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.complaint.Complaint;
import io.exceed.feedback.domain.complaint.Complaints;
import io.exceed.feedback.domain.complaint.ReopenComplaint;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.response.Channel;
import io.exceed.feedback.domain.response.Invitation;
import io.exceed.feedback.domain.response.Invitations;
import io.exceed.feedback.domain.response.Response;
import io.exceed.feedback.domain.response.ResponseStore;
import io.exceed.feedback.domain.survey.Survey;
import io.exceed.feedback.domain.survey.SurveyPurpose;
import io.exceed.feedback.domain.survey.SurveyState;
import io.exceed.feedback.domain.survey.Surveys;

/**
 * Recovery measured: after a complaint is resolved the customer is asked again (an invitation to the tenant's
 * recovery survey, after a delay, with the contact governor asked for purpose RECOVERY: it may exceed the contact
 * budget, never consent), and a detractor answer to that invitation (NPS 0 to 6, or CSAT 1 or 2) reopens the
 * complaint. Driven by the feedback feed, so each step happens at least once and is idempotent.
 */
public class Recoveries {

    public static final String ACTOR = "feedback-service (recovery survey)";
    private static final Logger log = LoggerFactory.getLogger(Recoveries.class);
    private static final int SURVEY_PAGE = 100;
    private static final int CSAT_DETRACTOR_MAX = 2;
    private static final int CLAIM_BATCH = 20;

    /**
     * @param delay      how long after the resolution the customer is asked
     * @param channel    the channel recovery invitations name
     * @param retryAfter how long a survey waits after the contact governor could not be asked
     * @param lease      how long a replica holds a due survey while issuing it
     */
    public record Settings(Duration delay, Channel channel, Duration retryAfter, Duration lease) {
    }

    private final RecoverySurveyStore store;
    private final Surveys surveys;
    private final Invitations invitations;
    private final Complaints complaints;
    private final ResponseStore responses;
    private final Settings settings;
    private final Clock clock;

    public Recoveries(RecoverySurveyStore store, Surveys surveys, Invitations invitations, Complaints complaints,
            ResponseStore responses, Settings settings, Clock clock) {
        this.store = store;
        this.surveys = surveys;
        this.invitations = invitations;
        this.complaints = complaints;
        this.responses = responses;
        this.settings = settings;
        this.clock = clock;
    }

    /** Resolutions schedule a survey; responses may reopen a complaint. */
    public static boolean concernsRecovery(FeedbackEvent event) {
        return switch (event.type()) {
            case COMPLAINT_RESOLVED, RESPONSE_RECEIVED -> true;
            case COMPLAINT_OPENED, DETRACTOR_RECEIVED -> false;
        };
    }

    /** Applies one feed event; safe to repeat. */
    public void onEvent(TenantId tenant, FeedbackEvent event) {
        switch (event.type()) {
            case COMPLAINT_RESOLVED -> schedule(tenant, event);
            case RESPONSE_RECEIVED -> reopenOnDetractorAnswer(tenant, event);
            case COMPLAINT_OPENED, DETRACTOR_RECEIVED -> {
            }
        }
    }

    private void schedule(TenantId tenant, FeedbackEvent resolved) {
        Complaint complaint = complaints.get(tenant, resolved.complaintId());
        store.schedule(tenant, RecoverySurvey.pending(complaint.id(), resolved.id(), complaint.customerId(),
                complaint.language(), resolved.occurTime().plus(settings.delay())));
    }

    /** Issues every due recovery survey; returns how many were handled (issued, skipped or deferred). */
    public int issueDue() {
        int handled = 0;
        List<RecoverySurveyStore.Claimed> claimed;
        do {
            claimed = store.claimDue(clock.instant(), settings.lease(), CLAIM_BATCH);
            claimed.forEach(due -> issue(due.tenant(), due.survey()));
            handled += claimed.size();
        } while (claimed.size() == CLAIM_BATCH);
        return handled;
    }

    private void issue(TenantId tenant, RecoverySurvey recovery) {
        Optional<Survey> survey = recoverySurvey(tenant);
        if (survey.isEmpty()) {
            log.info("tenant {} has no published recovery survey; complaint {} is not followed by one", tenant,
                    recovery.complaintId());
            store.skipped(tenant, recovery.id(), "NO_RECOVERY_SURVEY");
            return;
        }
        Survey chosen = survey.get();
        String language = recovery.language() != null && chosen.latestPublished().speaks(recovery.language())
                ? recovery.language() : null;
        Invitation draft = Invitation.builder().surveyId(chosen.id()).customerId(recovery.customerId())
                .channel(settings.channel()).language(language).build();
        try {
            Invitations.Issued issued = invitations.create(tenant, draft, ACTOR,
                    Optional.of("recovery:" + recovery.id()), new Violations());
            store.issued(tenant, recovery.id(), issued.invitation().id());
        } catch (DomainException refused) {
            log.info("recovery survey for complaint {} of tenant {} not sent: {}", recovery.complaintId(), tenant,
                    refused.getMessage());
            store.skipped(tenant, recovery.id(), refused.reason());
        } catch (RuntimeException unavailable) {
            Instant retryAt = clock.instant().plus(settings.retryAfter());
            log.warn("recovery survey for complaint {} of tenant {} deferred to {}: {}", recovery.complaintId(),
                    tenant, retryAt, unavailable.toString());
            store.retryAt(tenant, recovery.id(), retryAt);
        }
    }

    /** The tenant's newest published recovery survey. */
    private Optional<Survey> recoverySurvey(TenantId tenant) {
        List<Survey> candidates = new ArrayList<>();
        Optional<String> after = Optional.empty();
        do {
            Page<Survey> page = surveys.list(tenant, SurveyState.PUBLISHED, after, SURVEY_PAGE);
            page.items().stream().filter(survey -> survey.purpose() == SurveyPurpose.RECOVERY).forEach(candidates::add);
            after = page.nextPosition();
        } while (after.isPresent());
        return candidates.stream().max(Comparator.comparing(Survey::createTime).thenComparing(Survey::id));
    }

    private void reopenOnDetractorAnswer(TenantId tenant, FeedbackEvent received) {
        Optional<Response> response = responses.find(tenant, received.responseId());
        if (response.isEmpty() || response.get().invitationId() == null) {
            return;
        }
        Optional<RecoverySurvey> recovery = store.findByInvitation(tenant, response.get().invitationId());
        if (recovery.isEmpty() || !isDetractorAnswer(response.get())) {
            return;
        }
        String complaintId = recovery.get().complaintId();
        try {
            complaints.reopen(tenant, new ReopenComplaint(complaintId, "the recovery survey was answered as a detractor"
                    + " (response " + response.get().id() + ")", OptionalLong.empty(),
                    Optional.of("recovery-reopen:" + response.get().id())), new Violations());
        } catch (FailedPreconditionException notResolved) {
            log.info("complaint {} of tenant {} was not reopened by response {}: {}", complaintId, tenant,
                    response.get().id(), notResolved.getMessage());
        }
    }

    static boolean isDetractorAnswer(Response response) {
        return response.isDetractor() || response.csat() != null && response.csat() <= CSAT_DETRACTOR_MAX;
    }
}
