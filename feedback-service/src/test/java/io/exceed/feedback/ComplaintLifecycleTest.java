package io.exceed.feedback;

import static io.exceed.feedback.ComplaintFixtures.complaint;
import static io.exceed.feedback.ComplaintFixtures.withRootCause;
import static io.exceed.feedback.ComplaintFixtures.withoutSystemicCause;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.exceed.feedback.v1.AcknowledgeComplaintRequest;
import io.exceed.feedback.v1.CloseComplaintRequest;
import io.exceed.feedback.v1.Complaint;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.ComplaintServiceGrpc.ComplaintServiceBlockingStub;
import io.exceed.feedback.v1.ComplaintState;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.GetComplaintRequest;
import io.exceed.feedback.v1.ListComplaintsRequest;
import io.exceed.feedback.v1.ReopenComplaintRequest;
import io.exceed.feedback.v1.ResolveComplaintRequest;
import io.exceed.feedback.v1.Resolution;
import io.exceed.testing.MutableClock;
import io.grpc.Status;

class ComplaintLifecycleTest extends FeedbackServiceTestBase {

    @Autowired
    private MongoDatabase database;

    private ComplaintServiceBlockingStub complaints(String tenant) {
        return as(tenant, ComplaintServiceGrpc.newBlockingStub(channel));
    }

    private Complaint create(String tenant, Complaint.Builder complaint) {
        return complaints(tenant).createComplaint(CreateComplaintRequest.newBuilder().setComplaint(complaint).build());
    }

    private Complaint resolve(String tenant, String id, Resolution.Builder resolution) {
        return complaints(tenant).resolveComplaint(ResolveComplaintRequest.newBuilder().setComplaintId(id)
                .setResolution(resolution).build());
    }

    private Complaint close(String tenant, String id) {
        return complaints(tenant).closeComplaint(CloseComplaintRequest.newBuilder().setComplaintId(id).build());
    }

    private Complaint reopen(String tenant, String id) {
        return complaints(tenant).reopenComplaint(ReopenComplaintRequest.newBuilder().setComplaintId(id)
                .setReason("Customer says the voucher never arrived").build());
    }

    private Complaint acknowledge(String tenant, String id) {
        return complaints(tenant).acknowledgeComplaint(AcknowledgeComplaintRequest.newBuilder().setComplaintId(id)
                .build());
    }

    private List<Document> outbox(String tenant, String id) {
        Document stored = database.getCollection("complaints").find(Filters.and(Filters.eq("tenant", tenant),
                Filters.eq("_id", id))).first();
        return stored.getList("outbox", Document.class);
    }

    @Test
    void intakeIsAcknowledgedAtOnceWithTheCustomersLanguage() {
        String tenant = newTenant();
        Complaint created = create(tenant, complaint("c-1").setLanguage("sv"));

        assertThat(created.getState()).isEqualTo(ComplaintState.COMPLAINT_STATE_ACKNOWLEDGED);
        assertThat(created.getRevision()).isEqualTo(1);
        assertThat(created.getCreateTime().getSeconds()).isEqualTo(MutableClock.DEFAULT_NOW.getEpochSecond());
        assertThat(created.getAcknowledgement().getLanguage()).isEqualTo("sv");
        assertThat(created.getAcknowledgement().getMessage())
                .startsWith("Tack för att du berättade")
                .endsWith("Ditt referensnummer är " + created.getId() + ".");
        assertThat(complaints(tenant).getComplaint(GetComplaintRequest.newBuilder().setComplaintId(created.getId())
                .build())).isEqualTo(created);
    }

    @Test
    void acknowledgementFallsBackFromRegionToLanguageToTheDefault() {
        String tenant = newTenant();
        assertThat(create(tenant, complaint("c-1").setLanguage("sv-FI")).getAcknowledgement().getLanguage())
                .isEqualTo("sv");
        Complaint chinese = create(tenant, complaint("c-2").setLanguage("zh-Hant-TW"));
        assertThat(chinese.getAcknowledgement().getLanguage()).isEqualTo("zh");
        assertThat(chinese.getAcknowledgement().getMessage()).startsWith("感谢您告诉我们").contains(chinese.getId());
        Complaint french = create(tenant, complaint("c-3").setLanguage("fr"));
        assertThat(french.getLanguage()).isEqualTo("fr");
        assertThat(french.getAcknowledgement().getLanguage()).isEqualTo("en");
        assertThat(create(tenant, complaint("c-4")).getLanguage()).as("default language").isEqualTo("en");
    }

    @Test
    void fullLifecycleRecordsBothFixesAndTheEventsOthersReactTo() {
        String tenant = newTenant();
        Complaint created = create(tenant, complaint("c-1"));
        clock.advance(Duration.ofHours(2));
        Complaint resolved = resolve(tenant, created.getId(), withRootCause());
        assertThat(resolved.getState()).isEqualTo(ComplaintState.COMPLAINT_STATE_RESOLVED);
        assertThat(resolved.getRevision()).isEqualTo(2);
        assertThat(resolved.getResolution().getRootCause().getPreventionAction())
                .isEqualTo("Daily hand-over check in the warehouse");
        assertThat(resolved.getResolution().getResolveTime().getSeconds())
                .isEqualTo(MutableClock.DEFAULT_NOW.plus(Duration.ofHours(2)).getEpochSecond());

        Complaint closed = close(tenant, created.getId());
        assertThat(closed.getState()).isEqualTo(ComplaintState.COMPLAINT_STATE_CLOSED);
        assertThat(closed.hasCloseTime()).isTrue();

        Complaint reopened = reopen(tenant, created.getId());
        assertThat(reopened.getState()).isEqualTo(ComplaintState.COMPLAINT_STATE_OPEN);
        assertThat(reopened.getReopenCount()).isEqualTo(1);
        assertThat(reopened.hasCloseTime()).isFalse();
        assertThat(reopened.getResolution()).as("the last resolution is kept").isEqualTo(closed.getResolution());

        Complaint acknowledged = acknowledge(tenant, created.getId());
        assertThat(acknowledged.getState()).isEqualTo(ComplaintState.COMPLAINT_STATE_ACKNOWLEDGED);
        Complaint resolvedAgain = resolve(tenant, created.getId(), withoutSystemicCause());
        assertThat(resolvedAgain.getResolution().getNoSystemicCauseReason()).isEqualTo("Road closed by a storm; a one-off");
        assertThat(resolvedAgain.getResolution().hasRootCause()).isFalse();

        assertThat(outbox(tenant, created.getId())).extracting(event -> event.getString("type"))
                .containsExactly("COMPLAINT_OPENED", "COMPLAINT_RESOLVED", "COMPLAINT_OPENED", "COMPLAINT_RESOLVED");
        assertThat(outbox(tenant, created.getId())).allSatisfy(event -> {
            assertThat(event.getString("complaintId")).isEqualTo(created.getId());
            assertThat(event.getString("customerId")).isEqualTo("c-1");
            assertThat(event.getString("category")).isEqualTo("Late delivery");
            assertThat(event.getString("severity")).isEqualTo("HIGH");
        });
    }

    @Test
    void illegalTransitionsAreRefusedAndChangeNothing() {
        String tenant = newTenant();
        Complaint acknowledged = create(tenant, complaint("c-1"));
        String id = acknowledged.getId();
        assertStatus(Status.Code.FAILED_PRECONDITION, "ILLEGAL_TRANSITION", () -> close(tenant, id));
        assertStatus(Status.Code.FAILED_PRECONDITION, "ILLEGAL_TRANSITION", () -> acknowledge(tenant, id));
        assertStatus(Status.Code.FAILED_PRECONDITION, "ILLEGAL_TRANSITION", () -> reopen(tenant, id));

        resolve(tenant, id, withRootCause());
        assertStatus(Status.Code.FAILED_PRECONDITION, "ILLEGAL_TRANSITION", () -> resolve(tenant, id, withRootCause()));
        assertStatus(Status.Code.FAILED_PRECONDITION, "ILLEGAL_TRANSITION", () -> acknowledge(tenant, id));

        reopen(tenant, id);
        assertStatus(Status.Code.FAILED_PRECONDITION, "ILLEGAL_TRANSITION", () -> resolve(tenant, id, withRootCause()));
        assertStatus(Status.Code.FAILED_PRECONDITION, "ILLEGAL_TRANSITION", () -> close(tenant, id));
        assertStatus(Status.Code.FAILED_PRECONDITION, "ILLEGAL_TRANSITION", () -> reopen(tenant, id));

        Complaint now = complaints(tenant).getComplaint(GetComplaintRequest.newBuilder().setComplaintId(id).build());
        assertThat(now.getState()).isEqualTo(ComplaintState.COMPLAINT_STATE_OPEN);
        assertThat(now.getRevision()).as("only the three legal transitions counted").isEqualTo(3);
    }

    @Test
    void retriedRequestsApplyOnce() {
        String tenant = newTenant();
        CreateComplaintRequest intake = CreateComplaintRequest.newBuilder().setComplaint(complaint("c-1"))
                .setRequestId("intake-1").build();
        Complaint first = complaints(tenant).createComplaint(intake);
        assertThat(complaints(tenant).createComplaint(intake)).isEqualTo(first);

        ResolveComplaintRequest resolution = ResolveComplaintRequest.newBuilder().setComplaintId(first.getId())
                .setResolution(withRootCause()).setRequestId("resolve-1").build();
        Complaint resolved = complaints(tenant).resolveComplaint(resolution);
        assertThat(complaints(tenant).resolveComplaint(resolution)).as("a retry, not an illegal second resolve")
                .isEqualTo(resolved);
        assertThat(complaints(tenant).listComplaints(ListComplaintsRequest.getDefaultInstance()).getComplaintsList())
                .hasSize(1);
        assertThat(outbox(tenant, first.getId())).hasSize(2);
    }

    @Test
    void aStaleExpectedRevisionIsAborted() {
        String tenant = newTenant();
        Complaint created = create(tenant, complaint("c-1"));
        resolve(tenant, created.getId(), withRootCause());
        assertStatus(Status.Code.ABORTED, () -> complaints(tenant).closeComplaint(CloseComplaintRequest.newBuilder()
                .setComplaintId(created.getId()).setExpectedRevision(created.getRevision()).build()));
        assertThat(complaints(tenant).closeComplaint(CloseComplaintRequest.newBuilder()
                .setComplaintId(created.getId()).setExpectedRevision(2).build()).getState())
                .isEqualTo(ComplaintState.COMPLAINT_STATE_CLOSED);
    }

    @Test
    void concurrentResolutionsResolveOnce() throws Exception {
        String tenant = newTenant();
        Complaint created = create(tenant, complaint("c-1"));
        int callers = 4;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Status.Code>> outcomes = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        resolve(tenant, created.getId(), withRootCause());
                        return Status.Code.OK;
                    } catch (io.grpc.StatusRuntimeException e) {
                        return e.getStatus().getCode();
                    }
                }));
            }
            List<Status.Code> codes = new ArrayList<>();
            for (Future<Status.Code> outcome : outcomes) {
                codes.add(outcome.get());
            }
            assertThat(codes).containsOnlyOnce(Status.Code.OK)
                    .filteredOn(code -> code != Status.Code.OK).containsOnly(Status.Code.FAILED_PRECONDITION);
        } finally {
            pool.shutdownNow();
        }
        assertThat(outbox(tenant, created.getId())).extracting(event -> event.getString("type"))
                .containsExactly("COMPLAINT_OPENED", "COMPLAINT_RESOLVED");
    }

    @Test
    void listsFilterByCustomerStateCategoryAndTimeAndPage() {
        String tenant = newTenant();
        Complaint late = create(tenant, complaint("c-1").setCategory("Late delivery"));
        clock.advance(Duration.ofDays(1));
        Complaint lateAgain = create(tenant, complaint("c-2").setCategory("  LATE DELIVERY "));
        clock.advance(Duration.ofDays(1));
        Complaint rude = create(tenant, complaint("c-1").setCategory("Rude staff"));
        resolve(tenant, rude.getId(), withRootCause());

        assertThat(ids(tenant, ListComplaintsRequest.newBuilder().setCategory("late delivery").build()))
                .containsExactly(late.getId(), lateAgain.getId());
        assertThat(ids(tenant, ListComplaintsRequest.newBuilder().setCustomerId("c-1").build()))
                .containsExactly(late.getId(), rude.getId());
        assertThat(ids(tenant, ListComplaintsRequest.newBuilder()
                .setState(ComplaintState.COMPLAINT_STATE_RESOLVED).build())).containsExactly(rude.getId());
        assertThat(ids(tenant, ListComplaintsRequest.newBuilder()
                .setStartTime(lateAgain.getCreateTime()).setEndTime(rude.getCreateTime()).build()))
                .containsExactly(lateAgain.getId());
        assertThat(lateAgain.getCategory()).isEqualTo("LATE DELIVERY");

        var first = complaints(tenant).listComplaints(ListComplaintsRequest.newBuilder().setPageSize(2).build());
        assertThat(first.getComplaintsList()).extracting(Complaint::getId).containsExactly(late.getId(), lateAgain.getId());
        var second = complaints(tenant).listComplaints(ListComplaintsRequest.newBuilder().setPageSize(2)
                .setPageToken(first.getNextPageToken()).build());
        assertThat(second.getComplaintsList()).extracting(Complaint::getId).containsExactly(rude.getId());
        assertThat(second.getNextPageToken()).isEmpty();
    }

    @Test
    void anotherTenantsComplaintIsNotFoundAndUnchanged() {
        String owner = newTenant();
        String intruder = newTenant();
        Complaint created = create(owner, complaint("c-1"));
        String id = created.getId();
        assertStatus(Status.Code.NOT_FOUND, () -> complaints(intruder).getComplaint(GetComplaintRequest.newBuilder()
                .setComplaintId(id).build()));
        assertStatus(Status.Code.NOT_FOUND, () -> resolve(intruder, id, withRootCause()));
        assertStatus(Status.Code.NOT_FOUND, () -> close(intruder, id));
        assertStatus(Status.Code.NOT_FOUND, () -> reopen(intruder, id));
        assertThat(complaints(intruder).listComplaints(ListComplaintsRequest.getDefaultInstance()).getComplaintsList())
                .isEmpty();
        assertThat(complaints(owner).getComplaint(GetComplaintRequest.newBuilder().setComplaintId(id).build()))
                .isEqualTo(created);
    }

    private List<String> ids(String tenant, ListComplaintsRequest request) {
        return complaints(tenant).listComplaints(request).getComplaintsList().stream().map(Complaint::getId).toList();
    }
}
