package io.exceed.feedback.domain.response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.erasure.ErasedCustomerGuard;
import io.exceed.feedback.domain.CustomerIds;
import io.exceed.feedback.domain.Languages;
import io.exceed.defaults.paging.Page;
import io.exceed.feedback.domain.complaint.OpenComplaints;
import io.exceed.feedback.domain.survey.Question;
import io.exceed.feedback.domain.survey.Survey;
import io.exceed.feedback.domain.survey.SurveyPurpose;
import io.exceed.feedback.domain.survey.SurveyState;
import io.exceed.feedback.domain.survey.SurveyVersion;
import io.exceed.feedback.domain.survey.Surveys;

/**
 * Sending surveys and taking answers through the public link. Before an invitation is issued the contact
 * governor is asked (when configured), and a relationship survey waits while the customer has an open complaint.
 * An invitation the platform sends itself (e-mail, text) is queued instead, and the governor is asked when it is sent.
 */
public class Invitations {

    private static final String RESOURCE = "invitation";
    private static final int MAX_ACTOR = 200;
    /** Said for every token that opens no invitation, malformed or not, so a guesser learns nothing. */
    private static final String UNKNOWN_TOKEN = "unknown";

    private final InvitationStore store;
    private final Surveys surveys;
    private final Responses responses;
    private final OpenComplaints openComplaints;
    private final Optional<ContactGovernor> governor;
    private final ErasedCustomerGuard erased;
    private final InvitationMail mail;
    private final Duration defaultLifetime;
    private final Duration maxLifetime;
    private final Clock clock;

    public Invitations(InvitationStore store, Surveys surveys, Responses responses, OpenComplaints openComplaints,
            Optional<ContactGovernor> governor, ErasedCustomerGuard erased, InvitationMail mail,
            Duration defaultLifetime, Duration maxLifetime, Clock clock) {
        this.store = store;
        this.surveys = surveys;
        this.responses = responses;
        this.openComplaints = openComplaints;
        this.governor = governor;
        this.erased = erased;
        this.mail = mail;
        this.defaultLifetime = defaultLifetime;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    /**
     * An issued invitation and its token; the token is empty when a retry returned an earlier invitation, and when
     * the platform sends the link ({@code queued} names that message and the channel it is tried on first).
     */
    public record Issued(Invitation invitation, String token, Optional<InvitationMail.Queued> queued) {

        Issued(Invitation invitation, String token) {
            this(invitation, token, Optional.empty());
        }
    }

    public Issued create(TenantId tenant, Invitation draft, String actor, Optional<String> requestId,
            Violations violations) {
        Instant now = clock.instant();
        CustomerIds.check(draft.customerId(), "invitation.customer_id", violations);
        violations.require(draft.channel() != null, "invitation.channel", "is required");
        String checkedActor = actor == null ? "" : actor.strip();
        violations.require(!checkedActor.isEmpty() && checkedActor.length() <= MAX_ACTOR, "actor",
                "is required: 1 to " + MAX_ACTOR + " characters");
        var segment = ResponseRules.checkSegment(draft.segment(), "invitation.segment", violations);
        var expectations = ResponseRules.checkExpectations(draft.expectations(), "invitation.expectations", violations);
        Instant expireTime = draft.expireTime() == null ? now.plus(defaultLifetime) : draft.expireTime();
        violations.require(expireTime.isAfter(now) && !expireTime.isAfter(now.plus(maxLifetime)),
                "invitation.expire_time", "must be in the future and at most " + maxLifetime.toDays() + " days away");
        violations.throwIfAny();
        erased.requireKnown(tenant, draft.customerId());

        Survey survey = surveys.get(tenant, draft.surveyId());
        if (survey.state() == SurveyState.ARCHIVED) {
            throw new FailedPreconditionException("SURVEY_ARCHIVED", "survey '" + survey.id() + "' is archived");
        }
        SurveyVersion version = survey.latestPublished();
        String language = draft.language() == null || draft.language().isBlank() ? version.defaultLanguage()
                : ResponseRules.checkLanguage(version, draft.language(), "invitation.language", violations);
        violations.throwIfAny();

        holdWhileComplaintOpen(tenant, survey, draft.customerId());
        Invitation invitation = Invitation.builder().id(TimeOrderedIds.next()).surveyId(survey.id())
                .surveyVersion(version.version()).customerId(draft.customerId()).channel(draft.channel())
                .language(language).segment(segment).expectations(expectations).expireTime(expireTime)
                .createTime(now).build();
        boolean mailed = mail.sends(tenant, invitation.channel());
        if (!mailed) {
            governor.ifPresent(contacts -> requireGrant(contacts.reserve(tenant, new ReserveContact(
                    invitation.customerId(), invitation.channel(), ContactPurpose.of(survey.purpose()), checkedActor,
                    requestId.orElse(invitation.id())))));
        }
        String token = ResponseTokens.newToken();
        InvitationStore.Stored stored = store.insert(tenant, invitation, ResponseTokens.hash(token), requestId);
        erased.refuseIfErasedMeanwhile(tenant, invitation.customerId());
        if (!mailed) {
            return new Issued(stored.invitation(), stored.created() ? token : "");
        }
        // A retry of a creation that stopped before queueing gets a fresh token: nobody holds the first one now.
        InvitationMail.Queued queued = mail.queue(tenant, stored.invitation(), survey.purpose(),
                () -> stored.created() ? token : freshToken(tenant, stored.invitation().id()));
        return new Issued(stored.invitation(), "", Optional.of(queued));
    }

    private String freshToken(TenantId tenant, String invitationId) {
        String token = ResponseTokens.newToken();
        if (!store.replaceTokenHash(tenant, invitationId, ResponseTokens.hash(token))) {
            throw tokenUsed();
        }
        return token;
    }

    public Invitation get(TenantId tenant, String id) {
        return store.find(tenant, id).orElseThrow(() -> new NotFoundException(RESOURCE, id));
    }

    /** A new token for a pending invitation; the earlier one stops working. */
    public Issued reissueToken(TenantId tenant, String id) {
        Invitation invitation = get(tenant, id);
        switch (invitation.stateAt(clock.instant())) {
            case RESPONDED -> throw tokenUsed();
            case EXPIRED -> throw new FailedPreconditionException("TOKEN_EXPIRED", "invitation '" + id + "' has expired");
            case REVOKED -> throw revoked();
            case PENDING -> {
            }
        }
        return new Issued(invitation, freshToken(tenant, id));
    }

    public Page<Invitation> list(TenantId tenant, String surveyId, String customerId, Optional<String> afterId,
            int limit) {
        return store.list(tenant, surveyId, customerId, afterId, limit);
    }

    /** The questions behind a survey link, in the best language the survey has for the respondent. */
    public SurveyForm form(String token, String requestedLanguage) {
        InvitationStore.Found found = open(token);
        Invitation invitation = found.invitation();
        SurveyVersion version = surveys.version(found.tenant(), invitation.surveyId(), invitation.surveyVersion());
        String language = Languages.normalize(requestedLanguage)
                .flatMap(requested -> Languages.fallbacks(requested).stream().filter(version::speaks).findFirst())
                .orElse(version.speaks(invitation.language()) ? invitation.language() : version.defaultLanguage());
        List<SurveyForm.Item> items = version.questions().stream().map(question -> new SurveyForm.Item(question.id(),
                question.kind(), textIn(question, language, version.defaultLanguage()), question.required())).toList();
        return new SurveyForm(language, items, invitation.expireTime());
    }

    /** Records the respondent's answers; the token works once, even for two simultaneous submissions. */
    /** A recorded response with the tenant whose invitation it answered (the respondent's token named it). */
    public record Submission(TenantId tenant, Response response) {
    }

    public Submission submit(String token, String language, List<Answer> answers, Violations violations) {
        InvitationStore.Found found = open(token);
        Invitation invitation = found.invitation();
        SurveyVersion version = surveys.version(found.tenant(), invitation.surveyId(), invitation.surveyVersion());
        String answeredIn = language == null || language.isBlank() ? invitation.language() : language;
        Response response = responses.recordForInvitation(found.tenant(),
                new AnswerInvitation(invitation, version, answeredIn, answers), violations);
        store.markResponded(found.tenant(), invitation.id(), response.id());
        return new Submission(found.tenant(), response);
    }

    private InvitationStore.Found open(String token) {
        InvitationStore.Found found = (token == null || token.isBlank() ? Optional.<InvitationStore.Found>empty()
                : store.findByTokenHash(ResponseTokens.hash(token)))
                .orElseThrow(() -> new NotFoundException("survey link", UNKNOWN_TOKEN));
        switch (found.invitation().stateAt(clock.instant())) {
            case RESPONDED -> throw tokenUsed();
            case EXPIRED -> throw new FailedPreconditionException("TOKEN_EXPIRED", "this survey link has expired");
            case REVOKED -> throw revoked();
            case PENDING -> {
            }
        }
        return found;
    }

    private static FailedPreconditionException revoked() {
        return new FailedPreconditionException("TOKEN_REVOKED", "this survey link is no longer valid");
    }

    static FailedPreconditionException tokenUsed() {
        return new FailedPreconditionException("TOKEN_USED", "this survey link was already used");
    }

    private void holdWhileComplaintOpen(TenantId tenant, Survey survey, String customerId) {
        if (survey.purpose() == SurveyPurpose.RELATIONSHIP && openComplaints.any(tenant, customerId)) {
            throw new FailedPreconditionException("OPEN_COMPLAINT", "customer '" + customerId
                    + "' has an open complaint; relationship surveys wait until it is resolved");
        }
    }

    private static void requireGrant(ContactGovernor.Decision decision) {
        if (!decision.granted()) {
            throw new FailedPreconditionException("CONTACT_DENIED", "the contact governor denied the contact ("
                    + decision.denialReason() + ")" + (decision.nextAllowedTime() == null ? ""
                            : "; next allowed at " + decision.nextAllowedTime()));
        }
    }

    private static String textIn(Question question, String language, String defaultLanguage) {
        return question.textIn(language).or(() -> question.textIn(defaultLanguage)).orElse("");
    }
}
