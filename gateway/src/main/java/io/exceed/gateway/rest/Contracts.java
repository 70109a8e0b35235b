package io.exceed.gateway.rest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;

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
            io.exceed.customer.v1.DeadLetterServiceProto.getDescriptor(),
            AnalyticsServiceProto.getDescriptor(),
            ComplaintServiceProto.getDescriptor(),
            io.exceed.feedback.v1.DeadLetterServiceProto.getDescriptor(),
            io.exceed.feedback.v1.EventServiceProto.getDescriptor(),
            io.exceed.feedback.v1.OutboundServiceProto.getDescriptor(),
            RespondentServiceProto.getDescriptor(),
            SurveyServiceProto.getDescriptor(),
            io.exceed.followup.v1.DeadLetterServiceProto.getDescriptor(),
            io.exceed.followup.v1.EventServiceProto.getDescriptor(),
            FollowUpServiceProto.getDescriptor(),
            LedgerServiceProto.getDescriptor(),
            PlaybookServiceProto.getDescriptor(),
            WebhookServiceProto.getDescriptor());

    /** Services whose every call reads across a tenant's data: a tenant has a smaller share of them. */
    public static final Set<String> ANALYTICS_SERVICES = Set.of(
            io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc.SERVICE_NAME);

    private Contracts() {
    }

    /**
     * The methods of a backend's services that their contracts mark safe or idempotent ({@code option
     * idempotency_level}), by service full name: the only ones a retry may repeat.
     */
    public static Map<String, List<String>> idempotentMethods(String backend) {
        Map<String, List<String>> methods = new TreeMap<>();
        for (FileDescriptor file : SERVICE_FILES) {
            if (!backend.equals(BACKEND_BY_PACKAGE.get(file.getPackage()))) {
                continue;
            }
            for (ServiceDescriptor service : file.getServices()) {
                List<String> idempotent = service.getMethods().stream()
                        .filter(method -> method.getOptions().getIdempotencyLevel()
                                != MethodOptions.IdempotencyLevel.IDEMPOTENCY_UNKNOWN)
                        .map(MethodDescriptor::getName)
                        .toList();
                if (!idempotent.isEmpty()) {
                    methods.put(service.getFullName(), idempotent);
                }
            }
        }
        return methods;
    }
}
