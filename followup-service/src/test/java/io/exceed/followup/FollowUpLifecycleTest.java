package io.exceed.followup;

import static io.exceed.followup.FollowUpFixtures.at;
import static io.exceed.followup.FollowUpFixtures.followUp;
import static io.exceed.followup.FollowUpFixtures.outcome;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.exceed.followup.v1.CancelFollowUpRequest;
import io.exceed.followup.v1.CompleteFollowUpRequest;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpChange;
import io.exceed.followup.v1.FollowUpReason;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.FollowUpServiceGrpc.FollowUpServiceBlockingStub;
import io.exceed.followup.v1.FollowUpStatus;
import io.exceed.followup.v1.GetFollowUpRequest;
import io.exceed.followup.v1.ListFollowUpsRequest;
import io.exceed.followup.v1.ListFollowUpsResponse;
import io.exceed.followup.v1.Priority;
import io.exceed.followup.v1.ReassignFollowUpRequest;
import io.exceed.followup.v1.StartFollowUpRequest;
import io.grpc.Status;

class FollowUpLifecycleTest extends FollowUpServiceTestBase {

    private FollowUpServiceBlockingStub followUps(String tenant) {
        return as(tenant, FollowUpServiceGrpc.newBlockingStub(channel));
    }

    private FollowUp create(String tenant, FollowUp.Builder followUp) {
        return followUps(tenant).createFollowUp(CreateFollowUpRequest.newBuilder().setFollowUp(followUp)
                .setActor("crm").build());
    }

    private FollowUp start(String tenant, String id) {
        return followUps(tenant).startFollowUp(StartFollowUpRequest.newBuilder().setFollowUpId(id)
                .setActor("anna@example.com").build());
    }

    private FollowUp complete(String tenant, String id) {
        return followUps(tenant).completeFollowUp(CompleteFollowUpRequest.newBuilder().setFollowUpId(id)
                .setOutcome(outcome()).setActor("anna@example.com").build());
    }

    @Test
    void aFollowUpIsScheduledWithItsSlaDeadlineAndHistory() {
        String tenant = newTenant();
        Instant now = clock.instant();

        FollowUp created = create(tenant, followUp(now, "response/r-1"));

        assertThat(created.getId()).isNotEmpty();
        assertThat(created.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_SCHEDULED);
        assertThat(created.getPriority()).isEqualTo(Priority.PRIORITY_NORMAL);
        assertThat(created.getSlaDeadline()).isEqualTo(at(now.plus(Duration.ofHours(24))));
        assertThat(created.getEscalationPolicy().getWarningPercent()).isEqualTo(75);
        assertThat(created.getHistoryList()).singleElement().satisfies(change -> {
            assertThat(change.getActor()).isEqualTo("crm");
            assertThat(change.getToStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_SCHEDULED);
        });
        assertThat(followUps(tenant).getFollowUp(GetFollowUpRequest.newBuilder().setFollowUpId(created.getId())
                .build())).isEqualTo(created);
    }

    @Test
    void creatingTheSameSourceAndReasonAgainReturnsTheFirstFollowUp() {
        String tenant = newTenant();
        FollowUp first = create(tenant, followUp(clock.instant(), "complaint/c-7"));

        FollowUp again = create(tenant, followUp(clock.instant(), "complaint/c-7").setOwner("someone-else"));
        FollowUp otherReason = create(tenant, followUp(clock.instant(), "complaint/c-7")
                .setReason(FollowUpReason.FOLLOW_UP_REASON_POST_RESOLUTION_CHECK_IN));

        assertThat(again).isEqualTo(first);
        assertThat(otherReason.getId()).isNotEqualTo(first.getId());
        assertThat(list(tenant, ListFollowUpsRequest.newBuilder()).getFollowUpsList()).hasSize(2);
    }

    @Test
    void aRetriedRequestIdReturnsWhatTheFirstRequestCreated() {
        String tenant = newTenant();
        CreateFollowUpRequest request = CreateFollowUpRequest.newBuilder()
                .setFollowUp(followUp(clock.instant(), "order/A-1")).setRequestId("req-1").build();

        FollowUp first = followUps(tenant).createFollowUp(request);
        FollowUp retried = followUps(tenant).createFollowUp(request);

        assertThat(retried).isEqualTo(first);
    }

    @Test
    void checkInsAreAlwaysNoSales() {
        FollowUp checkIn = create(newTenant(), followUp(clock.instant(), "order/A-2")
                .setReason(FollowUpReason.FOLLOW_UP_REASON_LARGE_ORDER_CHECK_IN).setNoSales(false));

        assertThat(checkIn.getNoSales()).isTrue();
    }

    @Test
    void startThenCompleteRecordsFirstContactOutcomeAndEveryChange() {
        String tenant = newTenant();
        FollowUp created = create(tenant, followUp(clock.instant(), "response/r-2"));
        clock.advance(Duration.ofMinutes(30));
        Instant contactTime = clock.instant();

        FollowUp started = start(tenant, created.getId());
        clock.advance(Duration.ofMinutes(10));
        FollowUp done = complete(tenant, created.getId());

        assertThat(started.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_IN_PROGRESS);
        assertThat(started.getFirstContactTime()).isEqualTo(at(contactTime));
        assertThat(done.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_DONE);
        assertThat(done.getOutcome()).isEqualTo(outcome().build());
        assertThat(done.getCloseTime()).isEqualTo(at(clock.instant()));
        assertThat(done.getRevision()).isEqualTo(2);
        assertThat(done.getHistoryList()).extracting(FollowUpChange::getToStatus).containsExactly(
                FollowUpStatus.FOLLOW_UP_STATUS_SCHEDULED, FollowUpStatus.FOLLOW_UP_STATUS_IN_PROGRESS,
                FollowUpStatus.FOLLOW_UP_STATUS_DONE);
        assertThat(done.getHistory(2).getActor()).isEqualTo("anna@example.com");
    }

    @Test
    void illegalTransitionsAreRefusedAndChangeNothing() {
        String tenant = newTenant();
        FollowUp created = create(tenant, followUp(clock.instant(), "response/r-3"));

        assertStatus(Status.Code.FAILED_PRECONDITION, "ILLEGAL_TRANSITION", () -> complete(tenant, created.getId()));
        start(tenant, created.getId());
        FollowUp done = complete(tenant, created.getId());
        assertStatus(Status.Code.FAILED_PRECONDITION, "ILLEGAL_TRANSITION", () -> start(tenant, created.getId()));
        assertStatus(Status.Code.FAILED_PRECONDITION, "ILLEGAL_TRANSITION", () -> followUps(tenant)
                .cancelFollowUp(CancelFollowUpRequest.newBuilder().setFollowUpId(created.getId())
                        .setReason("changed our mind").build()));
        assertStatus(Status.Code.FAILED_PRECONDITION, "ILLEGAL_TRANSITION", () -> followUps(tenant)
                .reassignFollowUp(ReassignFollowUpRequest.newBuilder().setFollowUpId(created.getId())
                        .setOwner("bo@example.com").build()));

        assertThat(followUps(tenant).getFollowUp(GetFollowUpRequest.newBuilder().setFollowUpId(created.getId())
                .build())).isEqualTo(done);
    }

    @Test
    void cancelAndReassignKeepExactlyOneOwnerAndSayWhy() {
        String tenant = newTenant();
        FollowUp created = create(tenant, followUp(clock.instant(), "response/r-4"));

        FollowUp reassigned = followUps(tenant).reassignFollowUp(ReassignFollowUpRequest.newBuilder()
                .setFollowUpId(created.getId()).setOwner("bo@example.com").setActor("lead").build());
        FollowUp cancelled = followUps(tenant).cancelFollowUp(CancelFollowUpRequest.newBuilder()
                .setFollowUpId(created.getId()).setReason("customer asked not to be called").build());

        assertThat(reassigned.getOwner()).isEqualTo("bo@example.com");
        assertThat(reassigned.getHistory(1).getDescription()).isEqualTo(
                "reassigned from anna@example.com to bo@example.com");
        assertThat(cancelled.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_CANCELLED);
        assertThat(cancelled.getHistory(2).getDescription()).contains("customer asked not to be called");
        assertThat(cancelled.getHistory(2).getActor()).isEqualTo("api");
    }

    @Test
    void aStaleExpectedRevisionIsAborted() {
        String tenant = newTenant();
        FollowUp created = create(tenant, followUp(clock.instant(), "response/r-5"));
        start(tenant, created.getId());

        assertStatus(Status.Code.ABORTED, () -> followUps(tenant).completeFollowUp(CompleteFollowUpRequest
                .newBuilder().setFollowUpId(created.getId()).setOutcome(outcome()).setExpectedRevision(0).build()));
    }

    @Test
    void aRetriedTransitionIsAppliedOnce() {
        String tenant = newTenant();
        FollowUp created = create(tenant, followUp(clock.instant(), "response/r-6"));
        ReassignFollowUpRequest request = ReassignFollowUpRequest.newBuilder().setFollowUpId(created.getId())
                .setOwner("bo@example.com").setRequestId("reassign-1").build();

        FollowUp first = followUps(tenant).reassignFollowUp(request);
        FollowUp retried = followUps(tenant).reassignFollowUp(request);

        assertThat(retried).isEqualTo(first);
        assertThat(retried.getHistoryList()).hasSize(2);
    }

    @Test
    void listingFiltersByOwnerStatusReasonAndDueTimeAndPages() {
        String tenant = newTenant();
        Instant now = clock.instant();
        for (int i = 0; i < 5; i++) {
            create(tenant, followUp(now, "order/B-" + i).setOwner(i % 2 == 0 ? "anna" : "bo")
                    .setDueTime(at(now.plus(Duration.ofHours(i + 1))))
                    .setPromisedTime(at(now.plus(Duration.ofHours(i + 2)))));
        }
        start(tenant, list(tenant, ListFollowUpsRequest.newBuilder().setOwner("bo")).getFollowUps(0).getId());

        assertThat(list(tenant, ListFollowUpsRequest.newBuilder().setOwner("anna")).getFollowUpsList()).hasSize(3);
        assertThat(list(tenant, ListFollowUpsRequest.newBuilder()
                .setStatus(FollowUpStatus.FOLLOW_UP_STATUS_IN_PROGRESS)).getFollowUpsList()).hasSize(1);
        assertThat(list(tenant, ListFollowUpsRequest.newBuilder()
                .setDueBefore(at(now.plus(Duration.ofMinutes(150))))).getFollowUpsList()).hasSize(2);
        assertThat(list(tenant, ListFollowUpsRequest.newBuilder()
                .setReason(FollowUpReason.FOLLOW_UP_REASON_RETENTION_MEETING)).getFollowUpsList()).isEmpty();

        ListFollowUpsResponse first = list(tenant, ListFollowUpsRequest.newBuilder().setPageSize(3));
        ListFollowUpsResponse second = list(tenant, ListFollowUpsRequest.newBuilder().setPageSize(3)
                .setPageToken(first.getNextPageToken()));
        assertThat(first.getFollowUpsList()).hasSize(3);
        assertThat(second.getFollowUpsList()).hasSize(2);
        assertThat(second.getNextPageToken()).isEmpty();
    }

    @Test
    void anotherTenantsFollowUpIsNotFound() {
        String owner = newTenant();
        String stranger = newTenant();
        FollowUp created = create(owner, followUp(clock.instant(), "response/r-7"));

        assertStatus(Status.Code.NOT_FOUND, () -> followUps(stranger).getFollowUp(GetFollowUpRequest.newBuilder()
                .setFollowUpId(created.getId()).build()));
        assertStatus(Status.Code.NOT_FOUND, () -> start(stranger, created.getId()));
        assertThat(list(stranger, ListFollowUpsRequest.newBuilder()).getFollowUpsList()).isEmpty();
        FollowUp sameSourceElsewhere = create(stranger, followUp(clock.instant(), "response/r-7"));
        assertThat(sameSourceElsewhere.getId()).isNotEqualTo(created.getId());
        assertThat(List.of(start(owner, created.getId()).getStatus()))
                .containsExactly(FollowUpStatus.FOLLOW_UP_STATUS_IN_PROGRESS);
    }

    private ListFollowUpsResponse list(String tenant, ListFollowUpsRequest.Builder request) {
        return followUps(tenant).listFollowUps(request.build());
    }
}
