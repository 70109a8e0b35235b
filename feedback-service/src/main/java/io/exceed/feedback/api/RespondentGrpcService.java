package io.exceed.feedback.api;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.error.Violations;
import io.exceed.feedback.domain.response.Invitations;
import io.exceed.feedback.domain.response.RecoveryPromises;
import io.exceed.feedback.domain.response.SurveyForm;
import io.exceed.feedback.v1.FormQuestion;
import io.exceed.feedback.v1.GetSurveyFormRequest;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.SubmitResponseRequest;
import io.exceed.feedback.v1.SubmitResponseResponse;
import io.grpc.stub.StreamObserver;

/**
 * The public side of survey links: no tenant metadata (exempted in application.yaml); the token names the
 * invitation and so the tenant.
 */
@Service
public class RespondentGrpcService extends RespondentServiceGrpc.RespondentServiceImplBase {

    private final Invitations invitations;
    private final RecoveryPromises recoveryPromises;

    public RespondentGrpcService(Invitations invitations, ObjectProvider<RecoveryPromises> recoveryPromises) {
        this.invitations = invitations;
        this.recoveryPromises = recoveryPromises.getIfAvailable(() -> RecoveryPromises.NONE);
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
        Invitations.Submission submission = invitations.submit(request.getToken(), request.getLanguage(),
                SurveyMapper.answers(request.getAnswersList()), new Violations());
        SubmitResponseResponse.Builder receipt = SubmitResponseResponse.newBuilder()
                .setResponseId(submission.response().id());
        recoveryPromises.promisedContact(submission.tenant(), submission.response())
                .ifPresent(time -> receipt.setRecoveryPromiseTime(ProtoTimes.timestamp(time)));
        response.onNext(receipt.build());
        response.onCompleted();
    }
}
