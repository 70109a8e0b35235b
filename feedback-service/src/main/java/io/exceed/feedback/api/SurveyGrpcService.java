package io.exceed.feedback.api;

import static io.exceed.defaults.api.UnaryCalls.optional;
import static io.exceed.defaults.api.UnaryCalls.reply;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.exceed.defaults.api.PageRequest;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.api.RequestIds;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.paging.Page;
import io.exceed.feedback.config.FeedbackProperties;
import io.exceed.feedback.domain.response.Channel;
import io.exceed.feedback.domain.response.Invitation;
import io.exceed.feedback.domain.response.InvitationMail;
import io.exceed.feedback.domain.response.Invitations;
import io.exceed.feedback.domain.response.Response;
import io.exceed.feedback.domain.response.ResponseFilter;
import io.exceed.feedback.domain.response.Responses;
import io.exceed.feedback.domain.survey.Survey;
import io.exceed.feedback.domain.survey.Surveys;
import io.exceed.feedback.domain.survey.UpdateSurvey;
import io.exceed.feedback.v1.ArchiveSurveyRequest;
import io.exceed.feedback.v1.CreateInvitationRequest;
import io.exceed.feedback.v1.CreateInvitationResponse;
import io.exceed.feedback.v1.InvitationDelivery;
import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.GetInvitationRequest;
import io.exceed.feedback.v1.ReissueInvitationTokenRequest;
import io.exceed.feedback.v1.GetResponseRequest;
import io.exceed.feedback.v1.GetSurveyRequest;
import io.exceed.feedback.v1.GetSurveyVersionRequest;
import io.exceed.feedback.v1.ListInvitationsRequest;
import io.exceed.feedback.v1.ListInvitationsResponse;
import io.exceed.feedback.v1.ListResponsesRequest;
import io.exceed.feedback.v1.ListResponsesResponse;
import io.exceed.feedback.v1.ListSurveysRequest;
import io.exceed.feedback.v1.ListSurveysResponse;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.SurveyState;
import io.exceed.feedback.v1.SurveyVersion;
import io.exceed.feedback.v1.UpdateSurveyRequest;
import io.grpc.stub.StreamObserver;

/** The SurveyService contract over gRPC: maps messages to the domain and back, nothing more. */
@Service
public class SurveyGrpcService extends SurveyServiceGrpc.SurveyServiceImplBase {


    private final Surveys surveys;
    private final Responses responses;
    private final Invitations invitations;
    private final Clock clock;
    private final String surveyLinkBase;

    public SurveyGrpcService(Surveys surveys, Responses responses, Invitations invitations, Clock clock,
            FeedbackProperties properties) {
        this.surveys = surveys;
        this.responses = responses;
        this.invitations = invitations;
        this.clock = clock;
        this.surveyLinkBase = properties.invitations().surveyLinkBase();
    }

    @Override
    public void createSurvey(CreateSurveyRequest request, StreamObserver<io.exceed.feedback.v1.Survey> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        reply(response, SurveyMapper.toProto(surveys.create(CurrentTenant.get(),
                SurveyMapper.draft(request.getSurvey()),
                requestId, violations)));
    }

    @Override
    public void getSurvey(GetSurveyRequest request, StreamObserver<io.exceed.feedback.v1.Survey> response) {
        reply(response, SurveyMapper.toProto(surveys.get(CurrentTenant.get(), request.getSurveyId())));
    }

    @Override
    public void updateSurvey(UpdateSurveyRequest request, StreamObserver<io.exceed.feedback.v1.Survey> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        UpdateSurvey command = new UpdateSurvey(request.getSurvey().getId(), SurveyMapper.draft(request.getSurvey()),
                request.getUpdateMask().getPathsList(),
                optional(request.hasExpectedRevision(), request.getExpectedRevision()), requestId);
        reply(response, SurveyMapper.toProto(surveys.update(CurrentTenant.get(), command, violations)));
    }

    @Override
    public void listSurveys(ListSurveysRequest request, StreamObserver<ListSurveysResponse> response) {
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                TimeOrderedIds::isId);
        Violations violations = new Violations();
        violations.require(request.getState() != SurveyState.UNRECOGNIZED, "state", "is not a known state");
        violations.throwIfAny();
        Page<Survey> page = surveys.list(CurrentTenant.get(),
                SurveyMapper.STATES.toDomain(request.getState()), paging.after(),
                paging.size());
        reply(response, ListSurveysResponse.newBuilder()
                .addAllSurveys(page.items().stream().map(SurveyMapper::toProto).toList())
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
    }

    @Override
    public void publishSurvey(PublishSurveyRequest request, StreamObserver<SurveyVersion> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        violations.throwIfAny();
        reply(response, SurveyMapper.toProto(surveys.publish(CurrentTenant.get(), request.getSurveyId(),
                optional(request.hasExpectedRevision(), request.getExpectedRevision()), requestId)));
    }

    @Override
    public void getSurveyVersion(GetSurveyVersionRequest request, StreamObserver<SurveyVersion> response) {
        reply(response, SurveyMapper.toProto(surveys.version(CurrentTenant.get(),
                request.getSurveyId(), request.getVersion())));
    }

    @Override
    public void archiveSurvey(ArchiveSurveyRequest request, StreamObserver<io.exceed.feedback.v1.Survey> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        violations.throwIfAny();
        reply(response, SurveyMapper.toProto(surveys.archive(CurrentTenant.get(), request.getSurveyId(), requestId)));
    }

    @Override
    public void createInvitation(CreateInvitationRequest request, StreamObserver<CreateInvitationResponse> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        Invitation draft = SurveyMapper.draft(request.getInvitation(), violations);
        Invitations.Issued issued = invitations.create(CurrentTenant.get(),
                draft, request.getActor(), requestId, violations);
        reply(response, CreateInvitationResponse.newBuilder()
                .setInvitation(SurveyMapper.toProto(issued.invitation(), clock.instant()))
                .setToken(issued.token())
                .setSurveyUrl(issued.token().isEmpty() ? "" : surveyLinkBase + issued.token())
                .setDelivery(issued.queued().map(queued -> queued.channel() == Channel.SMS
                        ? InvitationDelivery.INVITATION_DELIVERY_SMS_QUEUED
                        : InvitationDelivery.INVITATION_DELIVERY_EMAIL_QUEUED)
                        .orElse(InvitationDelivery.INVITATION_DELIVERY_LINK_RETURNED))
                .setOutboundMessageId(issued.queued().map(InvitationMail.Queued::messageId).orElse(""))
                .build());
    }

    @Override
    public void reissueInvitationToken(ReissueInvitationTokenRequest request,
            StreamObserver<CreateInvitationResponse> response) {
        Invitations.Issued issued = invitations.reissueToken(CurrentTenant.get(), request.getInvitationId());
        reply(response, CreateInvitationResponse.newBuilder()
                .setInvitation(SurveyMapper.toProto(issued.invitation(), clock.instant()))
                .setToken(issued.token())
                .setDelivery(InvitationDelivery.INVITATION_DELIVERY_LINK_RETURNED)
                .build());
    }

    @Override
    public void getInvitation(GetInvitationRequest request, StreamObserver<io.exceed.feedback.v1.Invitation> response) {
        reply(response, SurveyMapper.toProto(invitations.get(CurrentTenant.get(),
                request.getInvitationId()), clock.instant()));
    }

    @Override
    public void listInvitations(ListInvitationsRequest request, StreamObserver<ListInvitationsResponse> response) {
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                TimeOrderedIds::isId);
        Page<Invitation> page = invitations.list(CurrentTenant.get(), request.getSurveyId(), request.getCustomerId(),
                paging.after(), paging.size());
        Instant now = clock.instant();
        reply(response, ListInvitationsResponse.newBuilder()
                .addAllInvitations(page.items().stream().map(invitation -> SurveyMapper.toProto(invitation, now))
                        .toList())
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
    }

    @Override
    public void createResponse(CreateResponseRequest request, StreamObserver<io.exceed.feedback.v1.Response> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        Response draft = SurveyMapper.draft(request.getResponse(), "response.", violations);
        reply(response, SurveyMapper.toProto(responses.record(CurrentTenant.get(), draft, requestId, violations)));
    }

    @Override
    public void getResponse(GetResponseRequest request, StreamObserver<io.exceed.feedback.v1.Response> response) {
        reply(response, SurveyMapper.toProto(responses.get(CurrentTenant.get(), request.getResponseId())));
    }

    @Override
    public void listResponses(ListResponsesRequest request, StreamObserver<ListResponsesResponse> response) {
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                TimeOrderedIds::isId);
        Violations violations = new Violations();
        ResponseFilter filter = new ResponseFilter(request.getSurveyId(), request.getCustomerId(),
                request.hasStartTime() ? ProtoTimes.instant(request.getStartTime(), "start_time", violations) : null,
                request.hasEndTime() ? ProtoTimes.instant(request.getEndTime(), "end_time", violations) : null);
        violations.throwIfAny();
        Page<Response> page = responses.list(CurrentTenant.get(), filter, paging.after(), paging.size());
        reply(response, ListResponsesResponse.newBuilder()
                .addAllResponses(page.items().stream().map(SurveyMapper::toProto).toList())
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
    }
}
