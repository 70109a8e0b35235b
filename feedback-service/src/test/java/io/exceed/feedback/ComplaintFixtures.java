package io.exceed.feedback;

import io.exceed.feedback.v1.Complaint;
import io.exceed.feedback.v1.ComplaintChannel;
import io.exceed.feedback.v1.Remedy;
import io.exceed.feedback.v1.RemedyKind;
import io.exceed.feedback.v1.Resolution;
import io.exceed.feedback.v1.RootCause;
import io.exceed.feedback.v1.Severity;

/** Valid complaints and resolutions that each test changes in the one place it is about. */
final class ComplaintFixtures {

    private ComplaintFixtures() {
    }

    static Complaint.Builder complaint(String customerId) {
        return Complaint.newBuilder()
                .setCustomerId(customerId)
                .setChannel(ComplaintChannel.COMPLAINT_CHANNEL_EMAIL)
                .setCategory("Late delivery")
                .setSeverity(Severity.SEVERITY_HIGH)
                .setText("The parcel arrived a week late and nobody told me.")
                .setOrderReference("ORD-1001");
    }

    static Resolution.Builder withRootCause() {
        return Resolution.newBuilder()
                .setRemedy(Remedy.newBuilder().setKind(RemedyKind.REMEDY_KIND_GOODWILL_GESTURE)
                        .setDescription("Refunded shipping and sent a voucher"))
                .setRootCause(RootCause.newBuilder().setDescription("Carrier hand-over skipped on Fridays")
                        .setPreventionAction("Daily hand-over check in the warehouse"))
                .setResolvedBy("agent-17");
    }

    static Resolution.Builder withoutSystemicCause() {
        return Resolution.newBuilder()
                .setRemedy(Remedy.newBuilder().setKind(RemedyKind.REMEDY_KIND_APOLOGY)
                        .setDescription("Called and apologised"))
                .setNoSystemicCauseReason("Road closed by a storm; a one-off")
                .setResolvedBy("agent-17");
    }
}
