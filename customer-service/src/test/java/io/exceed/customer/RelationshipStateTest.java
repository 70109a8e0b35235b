package io.exceed.customer;

import static io.exceed.customer.Fixtures.ts;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.exceed.customer.v1.ApplyFeedbackSummaryRequest;
import io.exceed.customer.v1.ApplyFeedbackSummaryResponse;
import io.exceed.customer.v1.Band;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerRelationshipServiceGrpc;
import io.exceed.customer.v1.CustomerValue;
import io.exceed.customer.v1.EraseCustomerRequest;
import io.exceed.customer.v1.FeedbackSummary;
import io.exceed.customer.v1.ListCustomersRequest;
import io.exceed.customer.v1.RelationshipState;
import io.exceed.customer.v1.ScoreTrend;
import io.grpc.Status;

/**
 * feedback-service's summaries set the relationship state over real gRPC: in order, out of order and twice,
 * each changing the state (and version) at most once, and never across tenants.
 */
class RelationshipStateTest extends CustomerTestSupport {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private ApplyFeedbackSummaryResponse apply(String tenant, String customerId, String eventId, Instant asOf,
            FeedbackSummary summary) {
        return as(tenant, CustomerRelationshipServiceGrpc.newBlockingStub(channel)).applyFeedbackSummary(
                ApplyFeedbackSummaryRequest.newBuilder().setCustomerId(customerId).setEventId(eventId)
                        .setAsOfTime(ts(asOf)).setSummary(summary).build());
    }

    private static FeedbackSummary nps(int nps, long openComplaints) {
        return FeedbackSummary.newBuilder().setResponseCount(1).setLatestNps(nps)
                .setOpenComplaintCount(openComplaints).setComplaintCount(openComplaints).build();
    }

    @Test
    void summariesInOrderMoveTheStateAndTheVersionAndListingsFilterByIt() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Ada");
        assertThat(customer.getRelationshipState()).isEqualTo(RelationshipState.RELATIONSHIP_STATE_UNRATED);

        ApplyFeedbackSummaryResponse detractor = apply(tenant, customer.getId(), "e-1", T0, nps(3, 0));
        assertThat(detractor.getApplied()).isTrue();
        assertThat(detractor.getRelationshipState()).isEqualTo(RelationshipState.RELATIONSHIP_STATE_DETRACTOR);
        assertThat(detractor.getVersion()).isEqualTo(customer.getVersion() + 1);

        ApplyFeedbackSummaryResponse advocate = apply(tenant, customer.getId(), "e-2", T0.plusSeconds(60),
                FeedbackSummary.newBuilder(nps(10, 0)).setNpsTrend(ScoreTrend.SCORE_TREND_IMPROVING).build());
        assertThat(advocate.getRelationshipState()).isEqualTo(RelationshipState.RELATIONSHIP_STATE_ADVOCATE);

        Customer stored = get(tenant, customer.getId());
        assertThat(stored.getRelationshipState()).isEqualTo(RelationshipState.RELATIONSHIP_STATE_ADVOCATE);
        assertThat(stored.getVersion()).isEqualTo(customer.getVersion() + 2);
        assertThat(listAll(tenant, ListCustomersRequest.newBuilder()
                .setRelationshipState(RelationshipState.RELATIONSHIP_STATE_ADVOCATE).build()))
                .extracting(Customer::getId).containsExactly(customer.getId());
    }

    @Test
    void aSummaryThatChangesNothingKeepsTheVersion() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Bo");
        apply(tenant, customer.getId(), "e-1", T0, nps(9, 0));
        long version = get(tenant, customer.getId()).getVersion();

        ApplyFeedbackSummaryResponse same = apply(tenant, customer.getId(), "e-2", T0.plusSeconds(5), nps(10, 0));

        assertThat(same.getApplied()).isTrue();
        assertThat(same.getVersion()).as("clients holding the version are not disturbed").isEqualTo(version);
    }

    @Test
    void anOlderSummaryArrivingLateIsIgnored() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Cy");
        apply(tenant, customer.getId(), "e-2", T0.plusSeconds(60), nps(3, 1));

        ApplyFeedbackSummaryResponse late = apply(tenant, customer.getId(), "e-1", T0, nps(10, 0));

        assertThat(late.getApplied()).isFalse();
        assertThat(late.getRelationshipState()).isEqualTo(RelationshipState.RELATIONSHIP_STATE_DETRACTOR);
        assertThat(get(tenant, customer.getId()).getRelationshipState())
                .isEqualTo(RelationshipState.RELATIONSHIP_STATE_DETRACTOR);
    }

    @Test
    void theSameSummaryTwiceIsAppliedOnce() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Di");
        ApplyFeedbackSummaryResponse first = apply(tenant, customer.getId(), "e-1", T0, nps(5, 1));

        ApplyFeedbackSummaryResponse again = apply(tenant, customer.getId(), "e-1", T0, nps(5, 1));

        assertThat(again.getApplied()).isFalse();
        assertThat(again.getVersion()).isEqualTo(first.getVersion());
        assertThat(get(tenant, customer.getId()).getVersion()).isEqualTo(first.getVersion());
    }

    @Test
    void theCustomersValueDecidesBetweenLoyalAndPassive() {
        String tenant = newTenant();
        Customer valuable = create(tenant, Fixtures.person("Ed").setValue(CustomerValue.newBuilder()
                .setProfitability(Band.BAND_HIGH)));
        Customer other = create(tenant, "Flo");

        assertThat(apply(tenant, valuable.getId(), "e-1", T0, nps(8, 0)).getRelationshipState())
                .isEqualTo(RelationshipState.RELATIONSHIP_STATE_LOYAL);
        assertThat(apply(tenant, other.getId(), "e-2", T0, nps(8, 0)).getRelationshipState())
                .isEqualTo(RelationshipState.RELATIONSHIP_STATE_PASSIVE);
    }

    @Test
    void anotherTenantsCustomerIsNotFoundAndUnchanged() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Gus");

        assertStatus(Status.Code.NOT_FOUND, () -> apply(newTenant(), customer.getId(), "e-1", T0, nps(0, 0)));

        assertThat(get(tenant, customer.getId()).getRelationshipState())
                .isEqualTo(RelationshipState.RELATIONSHIP_STATE_UNRATED);
    }

    @Test
    void anErasedCustomerTakesNoSummary() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Hal");
        as(tenant).eraseCustomer(EraseCustomerRequest.newBuilder().setCustomerId(customer.getId()).build());

        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED",
                () -> apply(tenant, customer.getId(), "e-1", T0, nps(0, 0)));
    }

    @Test
    void badSummariesNameTheFieldAndChangeNothing() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Ida");
        var stub = as(tenant, CustomerRelationshipServiceGrpc.newBlockingStub(channel));

        assertInvalid(() -> stub.applyFeedbackSummary(ApplyFeedbackSummaryRequest.newBuilder()
                .setCustomerId(customer.getId()).build()), "event_id", "as_of_time", "summary");
        assertInvalid(() -> apply(tenant, customer.getId(), "e-1", T0, FeedbackSummary.newBuilder()
                .setLatestNps(11).setLatestCsat(0).setOpenComplaintCount(2).setComplaintCount(1).build()),
                "summary.latest_nps", "summary.latest_csat", "summary.complaint_count");

        assertThat(get(tenant, customer.getId()).getVersion()).isEqualTo(customer.getVersion());
    }
}
