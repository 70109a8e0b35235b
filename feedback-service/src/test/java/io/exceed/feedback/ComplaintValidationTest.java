package io.exceed.feedback;

import static io.exceed.feedback.ComplaintFixtures.complaint;
import static io.exceed.feedback.ComplaintFixtures.withRootCause;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.exceed.feedback.v1.AcknowledgeComplaintRequest;
import io.exceed.feedback.v1.Complaint;
import io.exceed.feedback.v1.ComplaintChannel;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.ComplaintServiceGrpc.ComplaintServiceBlockingStub;
import io.exceed.feedback.v1.ComplaintState;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.GetComplaintRequest;
import io.exceed.feedback.v1.ListComplaintsRequest;
import io.exceed.feedback.v1.Remedy;
import io.exceed.feedback.v1.RemedyKind;
import io.exceed.feedback.v1.ReopenComplaintRequest;
import io.exceed.feedback.v1.ResolveComplaintRequest;
import io.exceed.feedback.v1.Resolution;
import io.exceed.feedback.v1.RootCause;
import io.exceed.feedback.v1.Severity;

class ComplaintValidationTest extends FeedbackServiceTestBase {

    private ComplaintServiceBlockingStub complaints(String tenant) {
        return as(tenant, ComplaintServiceGrpc.newBlockingStub(channel));
    }

    private void rejects(String tenant, Complaint.Builder complaint, String field) {
        assertInvalid(() -> complaints(tenant).createComplaint(CreateComplaintRequest.newBuilder()
                .setComplaint(complaint).build()), field);
    }

    @Test
    void everyIntakeFieldIsCheckedAndNothingIsStored() {
        String tenant = newTenant();
        rejects(tenant, complaint(""), "complaint.customer_id");
        rejects(tenant, complaint("has space"), "complaint.customer_id");
        rejects(tenant, complaint("c-1").setChannel(ComplaintChannel.COMPLAINT_CHANNEL_UNSPECIFIED), "complaint.channel");
        rejects(tenant, complaint("c-1").setCategory("   "), "complaint.category");
        rejects(tenant, complaint("c-1").setCategory("x".repeat(101)), "complaint.category");
        rejects(tenant, complaint("c-1").setSeverity(Severity.SEVERITY_UNSPECIFIED), "complaint.severity");
        rejects(tenant, complaint("c-1").setText(" "), "complaint.text");
        rejects(tenant, complaint("c-1").setText("字".repeat(10_001)), "complaint.text");
        rejects(tenant, complaint("c-1").setLanguage("not a language"), "complaint.language");
        rejects(tenant, complaint("c-1").setOrderReference("o".repeat(201)), "complaint.order_reference");
        assertInvalid(() -> complaints(tenant).createComplaint(CreateComplaintRequest.newBuilder()
                .setComplaint(complaint("c-1")).setRequestId("bad request id with spaces").build()), "request_id");
        assertInvalid(() -> complaints(tenant).createComplaint(CreateComplaintRequest.newBuilder()
                .setComplaint(complaint("").setSeverity(Severity.SEVERITY_UNSPECIFIED)).build()),
                "complaint.customer_id", "complaint.severity");

        assertThat(complaints(tenant).listComplaints(ListComplaintsRequest.getDefaultInstance()).getComplaintsList())
                .isEmpty();
    }

    @Test
    void textInAnyScriptUpToTheLimitIsKeptExactly() {
        String tenant = newTenant();
        String chinese = "快递晚了一周，也没有人通知我。".repeat(700).substring(0, 10_000);
        Complaint created = complaints(tenant).createComplaint(CreateComplaintRequest.newBuilder()
                .setComplaint(complaint("c-1").setText(chinese).setLanguage("zh-Hans")).build());
        assertThat(created.getText()).isEqualTo(chinese);
        assertThat(complaints(tenant).getComplaint(GetComplaintRequest.newBuilder().setComplaintId(created.getId())
                .build()).getText()).isEqualTo(chinese);
        String swedish = "Paketet kom en vecka för sent, och ingen hörde av sig. Åsa Öberg";
        assertThat(complaints(tenant).createComplaint(CreateComplaintRequest.newBuilder()
                .setComplaint(complaint("c-2").setText(swedish)).build()).getText()).isEqualTo(swedish);
    }

    @Test
    void aResolutionNeedsARemedyAndACauseOrTheReasonThereIsNone() {
        String tenant = newTenant();
        String id = complaints(tenant).createComplaint(CreateComplaintRequest.newBuilder()
                .setComplaint(complaint("c-1")).build()).getId();

        resolveRejects(tenant, id, withRootCause().clearRootCause(), "resolution.cause");
        resolveRejects(tenant, id, withRootCause().clearRemedy(), "resolution.remedy.kind",
                "resolution.remedy.description");
        resolveRejects(tenant, id, withRootCause().setRemedy(Remedy.newBuilder()
                .setKind(RemedyKind.REMEDY_KIND_REFUND)), "resolution.remedy.description");
        resolveRejects(tenant, id, withRootCause().setRootCause(RootCause.newBuilder()
                .setDescription("Carrier hand-over skipped")), "resolution.root_cause.prevention_action");
        resolveRejects(tenant, id, withRootCause().setRootCause(RootCause.newBuilder()
                .setPreventionAction("Daily check")), "resolution.root_cause.description");
        resolveRejects(tenant, id, withRootCause().setNoSystemicCauseReason(" "), "resolution.no_systemic_cause_reason");
        resolveRejects(tenant, id, withRootCause().setResolvedBy(""), "resolution.resolved_by");

        Complaint unchanged = complaints(tenant).getComplaint(GetComplaintRequest.newBuilder().setComplaintId(id).build());
        assertThat(unchanged.getState()).isEqualTo(ComplaintState.COMPLAINT_STATE_ACKNOWLEDGED);
        assertThat(unchanged.getRevision()).isEqualTo(1);
    }

    @Test
    void reopeningNeedsAReasonAndCustomAcknowledgementsAreBounded() {
        String tenant = newTenant();
        String id = complaints(tenant).createComplaint(CreateComplaintRequest.newBuilder()
                .setComplaint(complaint("c-1")).build()).getId();
        complaints(tenant).resolveComplaint(ResolveComplaintRequest.newBuilder().setComplaintId(id)
                .setResolution(withRootCause()).build());
        assertInvalid(() -> complaints(tenant).reopenComplaint(ReopenComplaintRequest.newBuilder().setComplaintId(id)
                .build()), "reason");
        complaints(tenant).reopenComplaint(ReopenComplaintRequest.newBuilder().setComplaintId(id)
                .setReason("Still broken").build());
        assertInvalid(() -> complaints(tenant).acknowledgeComplaint(AcknowledgeComplaintRequest.newBuilder()
                .setComplaintId(id).setMessage("m".repeat(2001)).build()), "message");
        Complaint acknowledged = complaints(tenant).acknowledgeComplaint(AcknowledgeComplaintRequest.newBuilder()
                .setComplaintId(id).setMessage("Sorry again, Anna will call you today.").build());
        assertThat(acknowledged.getAcknowledgement().getMessage()).isEqualTo("Sorry again, Anna will call you today.");
    }

    @Test
    void listFiltersAndPageTokensAreChecked() {
        String tenant = newTenant();
        assertInvalid(() -> complaints(tenant).listComplaints(ListComplaintsRequest.newBuilder().setPageSize(501)
                .build()), "page_size");
        assertInvalid(() -> complaints(tenant).listComplaints(ListComplaintsRequest.newBuilder()
                .setPageToken("not-a-token").build()), "page_token");
        assertInvalid(() -> complaints(tenant).listComplaints(ListComplaintsRequest.newBuilder().setStateValue(42)
                .build()), "state");
    }

    private void resolveRejects(String tenant, String id, Resolution.Builder resolution, String... fields) {
        assertInvalid(() -> complaints(tenant).resolveComplaint(ResolveComplaintRequest.newBuilder().setComplaintId(id)
                .setResolution(resolution).build()), fields);
    }
}
