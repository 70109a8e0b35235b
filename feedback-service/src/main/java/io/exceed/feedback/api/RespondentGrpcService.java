package io.exceed.feedback.api;

import org.springframework.stereotype.Service;

import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.error.InvalidArgumentException;
import io.exceed.defaults.error.Violations;
import io.exceed.feedback.application.ResponseSubmissions;
import io.exceed.feedback.domain.response.Invitations;
import io.exceed.feedback.domain.response.Channel;
import io.exceed.feedback.domain.response.SurveyForm;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.unsubscribe.SmsReplies;
import io.exceed.feedback.domain.unsubscribe.SmsReplySignature;
import io.exceed.feedback.domain.unsubscribe.Unsubscribes;
import io.exceed.feedback.v1.FormQuestion;
import io.exceed.feedback.v1.GetSurveyFormRequest;
import io.exceed.feedback.v1.ReceiveSmsReplyRequest;
import io.exceed.feedback.v1.ReceiveSmsReplyResponse;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.SubmitResponseRequest;
import io.exceed.feedback.v1.SubmitResponseResponse;
import io.exceed.feedback.v1.UnsubscribeRequest;
import io.exceed.feedback.v1.UnsubscribeResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * The public side of survey links, of e-mails' unsubscribe links and of the SMS provider's reply webhook: no tenant
 * metadata (exempted in application.yaml); the token names the invitation, or the customer's unsubscribe link, and so
 * the tenant; a reply names its tenant, and the provider's signature with that tenant's auth token vouches for it.
 */
@Service
public class RespondentGrpcService extends RespondentServiceGrpc.RespondentServiceImplBase {

    private final Invitations invitations;
    private final ResponseSubmissions submissions;
    private final Unsubscribes unsubscribes;
    private final SmsReplies smsReplies;

    public RespondentGrpcService(Invitations invitations, ResponseSubmissions submissions,
            Unsubscribes unsubscribes, SmsReplies smsReplies) {
        this.invitations = invitations;
        this.submissions = submissions;
        this.unsubscribes = unsubscribes;
        this.smsReplies = smsReplies;
    }

    @Override
    public void getSurveyForm(GetSurveyFormRequest request, StreamObserver<io.exceed.feedback.v1.SurveyForm> response) {
        SurveyForm form = invitations.form(request.getToken(), request.getLanguage());
        response.onNext(io.exceed.feedback.v1.SurveyForm.newBuilder()
                .setLanguage(form.language())
                .addAllQuestions(form.questions().stream().map(item -> FormQuestion.newBuilder()
                        .setId(item.id())
                        .setKind(SurveyMapper.KINDS.toProto(item.kind()))
                        .setText(item.text())
                        .setRequired(item.required())
                        .build()).toList())
                .setExpireTime(ProtoTimes.timestamp(form.expireTime()))
                .build());
        response.onCompleted();
    }

    @Override
    public void submitResponse(SubmitResponseRequest request, StreamObserver<SubmitResponseResponse> response) {
        ResponseSubmissions.Receipt receipt = submissions.submit(request.getToken(), request.getLanguage(),
                SurveyMapper.answers(request.getAnswersList()), new Violations());
        SubmitResponseResponse.Builder reply = SubmitResponseResponse.newBuilder()
                .setResponseId(receipt.response().id());
        receipt.recoveryPromiseTime().ifPresent(time -> reply.setRecoveryPromiseTime(ProtoTimes.timestamp(time)));
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void unsubscribe(UnsubscribeRequest request, StreamObserver<UnsubscribeResponse> response) {
        boolean link = !request.getToken().isEmpty();
        boolean surveyLink = !request.getSurveyToken().isEmpty();
        if (link == surveyLink) {
            throw InvalidArgumentException.of(link ? "survey_token" : "token",
                    link ? "must be empty when token is set" : "is required, or survey_token");
        }
        Channel channel = link ? unsubscribes.unsubscribe(request.getToken())
                : unsubscribes.unsubscribeFromSurveyLink(request.getSurveyToken());
        response.onNext(UnsubscribeResponse.newBuilder()
                .setChannel(SurveyMapper.CHANNELS.toProto(channel)).build());
        response.onCompleted();
    }

    /** A refusal says nothing of why: a bad signature, an unknown tenant and one without an SMS channel look alike. */
    @Override
    public void receiveSmsReply(ReceiveSmsReplyRequest request, StreamObserver<ReceiveSmsReplyResponse> response) {
        SmsReplies.Outcome outcome = smsReplies.receive(TenantId.parse(request.getTenant()).orElse(null),
                request.getParametersList().stream()
                        .map(parameter -> new SmsReplySignature.Parameter(parameter.getName(), parameter.getValue()))
                        .toList(),
                request.getSignature());
        if (outcome == SmsReplies.Outcome.REFUSED) {
            throw Status.PERMISSION_DENIED.withDescription("the reply is not signed by the tenant's SMS account")
                    .asRuntimeException();
        }
        response.onNext(ReceiveSmsReplyResponse.newBuilder()
                .setOptedOut(outcome == SmsReplies.Outcome.OPTED_OUT).build());
        response.onCompleted();
    }
}
