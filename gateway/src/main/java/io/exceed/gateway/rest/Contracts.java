package io.exceed.gateway.rest;

import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.FileDescriptor;

import io.exceed.customer.v1.CustomerServiceProto;
import io.exceed.feedback.v1.AnalyticsServiceProto;
import io.exceed.feedback.v1.ComplaintServiceProto;
import io.exceed.feedback.v1.RespondentServiceProto;
import io.exceed.feedback.v1.SurveyServiceProto;
import io.exceed.followup.v1.FollowUpServiceProto;
import io.exceed.followup.v1.LedgerServiceProto;
import io.exceed.followup.v1.PlaybookServiceProto;
import io.exceed.followup.v1.WebhookServiceProto;

/**
 * The service contracts the REST API is made of, and which backend serves each proto package. A new
 * {@code *_service.proto} in the proto module joins the REST API, the partners' gRPC passthrough and the OpenAPI
 * document by being listed here.
 */
public final class Contracts {

    public static final Map<String, String> BACKEND_BY_PACKAGE = Map.of(
            "exceed.customer.v1", "customer-service",
            "exceed.feedback.v1", "feedback-service",
            "exceed.followup.v1", "followup-service");

    public static final List<FileDescriptor> SERVICE_FILES = List.of(
            CustomerServiceProto.getDescriptor(),
            AnalyticsServiceProto.getDescriptor(),
            ComplaintServiceProto.getDescriptor(),
            io.exceed.feedback.v1.EventServiceProto.getDescriptor(),
            RespondentServiceProto.getDescriptor(),
            SurveyServiceProto.getDescriptor(),
            io.exceed.followup.v1.EventServiceProto.getDescriptor(),
            FollowUpServiceProto.getDescriptor(),
            LedgerServiceProto.getDescriptor(),
            PlaybookServiceProto.getDescriptor(),
            WebhookServiceProto.getDescriptor());

    private Contracts() {
    }
}
