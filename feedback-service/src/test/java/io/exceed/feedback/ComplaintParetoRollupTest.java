package io.exceed.feedback;

import static io.exceed.feedback.ComplaintFixtures.complaint;
import static io.exceed.feedback.ComplaintFixtures.withRootCause;
import static io.exceed.feedback.ComplaintFixtures.withoutSystemicCause;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import com.google.protobuf.Timestamp;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.error.Violations;
import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.CustomerIds;
import io.exceed.feedback.domain.analytics.Analytics;
import io.exceed.feedback.domain.analytics.ComplaintPareto;
import io.exceed.feedback.domain.erasure.CustomerErasure;
import io.exceed.feedback.store.ComplaintRollups;
import io.exceed.feedback.store.FeedbackCollections;
import io.exceed.feedback.store.MongoAnalyticsStore;
import io.exceed.feedback.v1.AcknowledgeComplaintRequest;
import io.exceed.feedback.v1.CloseComplaintRequest;
import io.exceed.feedback.v1.Complaint;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.ComplaintServiceGrpc.ComplaintServiceBlockingStub;
import io.exceed.feedback.v1.ComplaintState;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc;
import io.exceed.feedback.v1.GetComplaintParetoRequest;
import io.exceed.feedback.v1.GetComplaintParetoResponse;
import io.exceed.feedback.v1.GetComplaintRequest;
import io.exceed.feedback.v1.ReopenComplaintRequest;
import io.exceed.feedback.v1.ResolveComplaintRequest;
import io.exceed.testing.MutableClock;
import io.exceed.testing.StoreCommands;

/**
 * The complaint Pareto from its rollups against the raw computation over the complaints, through the real API and
 * store: complaints received over weeks in categories written in different cases, resolved with and without a
 * prevention action, closed, reopened and resolved again, folded again, at once from racing threads and by the
 * sweep; every figure of many windows (on midnights and cutting through days) is the raw one, also after a rebuild.
 * A write whose fold a crash prevented is folded by the sweep; erasure changes no figure; a window on midnights reads
 * only rollups, by key.
 */
class ComplaintParetoRollupTest extends FeedbackServiceTestBase {

    private static final Instant FROM = MutableClock.DEFAULT_NOW.minus(Duration.ofDays(30));
    private static final int DAYS = 30;
    private static final List<String> CATEGORIES = List.of("Late delivery", "late delivery", "LATE DELIVERY ",
            "Billing", "billing", "Rude staff", "Damaged goods", "Wrong item");

    @Autowired
    private MongoDatabase database;

    @Autowired
    private ComplaintRollups rollups;

    @Autowired
    private Analytics analytics;

    @Autowired
    private CustomerErasure erasure;

    private ComplaintServiceBlockingStub complaints(String tenant) {
        return as(tenant, ComplaintServiceGrpc.newBlockingStub(channel));
    }

    private MongoCollection<Document> stored() {
        return database.getCollection(FeedbackCollections.COMPLAINTS);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void everyParetoFigureFromRollupsEqualsTheRawComputation(long seed) throws Exception {
        Random random = new Random(seed);
        String tenant = newTenant();
        List<Complaint> received = receive(tenant, 150, random);
        for (int step = 0; step < 300; step++) {
            move(tenant, received.get(random.nextInt(received.size())), random);
        }
        foldAgainAtOnce(tenant, received, random);

        List<Instant[]> windows = windows(random);
        compare(tenant, windows);
        assertThat(stored().countDocuments(Filters.and(Filters.eq("tenant", tenant), Filters.eq("rollup", "pending"))))
                .as("every write folded").isZero();

        rollups.rebuild(new TenantId(tenant));
        compare(tenant, windows);
        // After a rebuild, later changes fold onto what it recorded.
        for (int step = 0; step < 60; step++) {
            move(tenant, received.get(random.nextInt(received.size())), random);
        }
        compare(tenant, windows);
    }

    @Test
    void aWriteACrashLeftUnfoldedIsFoldedByTheSweepAndAFoldRepeatedAddsNothing() {
        String tenant = newTenant();
        Random random = new Random(5);
        List<Complaint> received = receive(tenant, 20, random);
        Instant start = FROM;
        Instant end = FROM.plus(Duration.ofDays(DAYS + 1));
        ComplaintPareto before = pareto(tenant, start, end);

        // As a transition's write leaves a complaint when the replica dies before folding it.
        Complaint crashed = received.getFirst();
        stored().updateOne(Filters.and(Filters.eq("tenant", tenant), Filters.eq("_id", crashed.getId())),
                Updates.combine(Updates.set("state", "RESOLVED"), Updates.set("resolution", new Document("remedyKind",
                        "APOLOGY").append("remedyDescription", "Called").append("rootCause", "Carrier")
                        .append("preventionAction", "Check daily").append("resolvedBy", "agent-1")
                        .append("resolveTime", new Date())), Updates.inc("revision", 1L),
                        Updates.set("rollup", "pending")));
        assertThat(pareto(tenant, start, end)).as("not folded yet").isEqualTo(before);
        assertThat(raw(tenant, start, end).resolvedCount()).isEqualTo(before.resolvedCount() + 1);

        assertThat(rollups.foldPending(1_000)).isPositive();
        assertThat(pareto(tenant, start, end)).isEqualTo(raw(tenant, start, end));
        assertThat(pareto(tenant, start, end).preventionCount()).isEqualTo(before.preventionCount() + 1);

        // Folded again, and marked again as a crash after the add but before the settling leaves it: nothing added.
        for (Complaint complaint : received) {
            rollups.fold(new TenantId(tenant), complaint.getId(), instant(complaint.getCreateTime()));
        }
        stored().updateMany(Filters.eq("tenant", tenant), Updates.set("rollup", "pending"));
        rollups.foldPending(1_000);
        assertThat(pareto(tenant, start, end)).isEqualTo(raw(tenant, start, end));
        assertThat(pareto(tenant, start, end).complaintCount()).isEqualTo(20);
    }

    @Test
    void complaintsStoredBeforeRollupsAreMarkedOnceAndFolded() {
        String tenant = newTenant();
        List<Complaint> received = receive(tenant, 10, new Random(8));
        resolve(tenant, received.get(0).getId(), true);
        // As an earlier version stored them: no mark, no record of what is counted, and no rollups.
        stored().updateMany(Filters.eq("tenant", tenant), Updates.combine(Updates.unset("rollup"),
                Updates.unset("rolledUp"), Updates.unset("rolledUpRevision")));
        database.getCollection(FeedbackCollections.COMPLAINT_ROLLUPS).deleteMany(Filters.or(
                Filters.eq("tenant", tenant), Filters.eq("_id", "marked-existing-complaints")));
        Instant end = FROM.plus(Duration.ofDays(DAYS + 1));
        assertThat(pareto(tenant, FROM, end).complaintCount()).isZero();

        FeedbackCollections.createIndexes(database, new ExactKeyIndexes(true));
        rollups.foldPending(1_000);

        assertThat(pareto(tenant, FROM, end)).isEqualTo(raw(tenant, FROM, end));
        assertThat(pareto(tenant, FROM, end).complaintCount()).isEqualTo(10);
        assertThat(pareto(tenant, FROM, end).preventionCount()).isEqualTo(1);
    }

    @Test
    void erasureLeavesTheFiguresAsTheyWere() {
        String tenant = newTenant();
        Random random = new Random(11);
        List<Complaint> received = receive(tenant, 40, random);
        for (int step = 0; step < 80; step++) {
            move(tenant, received.get(random.nextInt(received.size())), random);
        }
        Instant end = FROM.plus(Duration.ofDays(DAYS + 1));
        List<Document> rollupsBefore = rollupsOf(tenant);
        ComplaintPareto before = pareto(tenant, FROM, end);
        for (String customer : Set.of("c-1", "c-2", "c-3")) {
            erasure.pseudonymise(new TenantId(tenant), customer, CustomerIds.PSEUDONYM_PREFIX + customer);
        }
        rollups.foldPending(1_000);
        assertThat(rollupsOf(tenant)).isEqualTo(rollupsBefore);
        assertThat(pareto(tenant, FROM, end)).isEqualTo(before).isEqualTo(raw(tenant, FROM, end));
        // A change after the erasure still folds onto what was counted.
        move(tenant, received.getFirst(), random);
        assertThat(pareto(tenant, FROM, end)).isEqualTo(raw(tenant, FROM, end));
    }

    @Test
    void aParetoOverWholeDaysReadsItsRollupsByKeyAndNoComplaint() {
        String tenant = newTenant();
        List<Complaint> received = receive(tenant, 30, new Random(13));
        resolve(tenant, received.get(3).getId(), true);
        Instant start = LocalDate.ofInstant(FROM, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = start.plus(Duration.ofDays(DAYS + 2));

        storeCommands.clear();
        GetComplaintParetoResponse pareto = as(tenant, FeedbackAnalyticsServiceGrpc.newBlockingStub(channel))
                .getComplaintPareto(GetComplaintParetoRequest.newBuilder().setStartTime(timestamp(start))
                        .setEndTime(timestamp(end)).build());

        assertThat(pareto.getComplaintCount()).isEqualTo(30);
        assertThat(pareto.getResolvedCount()).isEqualTo(1);
        List<StoreCommands.Command> sent = storeCommands.sent();
        assertThat(sent).filteredOn(command -> FeedbackCollections.COMPLAINTS.equals(command.collection()))
                .as("no complaint read").isEmpty();
        List<StoreCommands.Command> reads = sent.stream()
                .filter(command -> FeedbackCollections.COMPLAINT_ROLLUPS.equals(command.collection())).toList();
        assertThat(reads).as("the rollups read").isNotEmpty();
        // {_id: {$in: [...]}}: the embedded store looks each id up in the _id index.
        assertThat(reads).allSatisfy(read -> assertThat(read.filterFields()).isEqualTo(Set.of("_id")));
    }

    /** Complaints received at random times over the days, in random categories, from a few customers. */
    private List<Complaint> receive(String tenant, int count, Random random) {
        List<Complaint> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clock.set(FROM.plusMillis((long) (random.nextDouble() * Duration.ofDays(DAYS).toMillis())));
            received.add(complaints(tenant).createComplaint(CreateComplaintRequest.newBuilder().setComplaint(
                    complaint("c-" + random.nextInt(6)).setCategory(CATEGORIES.get(random.nextInt(CATEGORIES.size()))))
                    .build()));
        }
        clock.reset();
        return received;
    }

    /** The next step of the complaint's life the domain allows, taken through the API. */
    private void move(String tenant, Complaint complaint, Random random) {
        ComplaintServiceBlockingStub stub = complaints(tenant);
        Complaint current = stub.getComplaint(GetComplaintRequest.newBuilder().setComplaintId(complaint.getId())
                .build());
        String id = current.getId();
        ComplaintState state = current.getState();
        if (state == ComplaintState.COMPLAINT_STATE_OPEN) {
            stub.acknowledgeComplaint(AcknowledgeComplaintRequest.newBuilder().setComplaintId(id).build());
        } else if (state == ComplaintState.COMPLAINT_STATE_ACKNOWLEDGED) {
            resolve(tenant, id, random.nextBoolean());
        } else if (state == ComplaintState.COMPLAINT_STATE_RESOLVED && random.nextBoolean()) {
            stub.closeComplaint(CloseComplaintRequest.newBuilder().setComplaintId(id).build());
        } else {
            stub.reopenComplaint(ReopenComplaintRequest.newBuilder().setComplaintId(id)
                    .setReason("Not fixed after all").build());
        }
    }

    private void resolve(String tenant, String id, boolean prevention) {
        complaints(tenant).resolveComplaint(ResolveComplaintRequest.newBuilder().setComplaintId(id)
                .setResolution(prevention ? withRootCause() : withoutSystemicCause()).build());
    }

    /** Redeliveries: every complaint folded again from racing threads, the sweep among them, some marked again. */
    private void foldAgainAtOnce(String tenant, List<Complaint> received, Random random) throws Exception {
        for (Complaint complaint : received) {
            if (random.nextInt(4) == 0) {
                stored().updateOne(Filters.and(Filters.eq("tenant", tenant), Filters.eq("_id", complaint.getId())),
                        Updates.set("rollup", "pending"));
            }
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> folds = new ArrayList<>();
            for (int replica = 0; replica < 3; replica++) {
                folds.add(threads.submit(() -> {
                    start.await();
                    for (Complaint complaint : received) {
                        rollups.fold(new TenantId(tenant), complaint.getId(), instant(complaint.getCreateTime()));
                    }
                    return null;
                }));
            }
            folds.add(threads.submit(() -> {
                start.await();
                return rollups.foldPending(1_000);
            }));
            start.countDown();
            for (Future<?> fold : folds) {
                fold.get();
            }
        } finally {
            threads.shutdown();
        }
    }

    /** The whole span, midnight to midnight, windows cutting through days, single days, a millisecond. */
    private static List<Instant[]> windows(Random random) {
        List<Instant[]> windows = new ArrayList<>();
        windows.add(new Instant[] {FROM.minus(Duration.ofDays(1)), FROM.plus(Duration.ofDays(DAYS + 1))});
        Instant midnight = LocalDate.ofInstant(FROM, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        windows.add(new Instant[] {midnight, midnight.plus(Duration.ofDays(DAYS + 1))});
        for (int i = 0; i < 40; i++) {
            Instant start = FROM.plusMillis((long) (random.nextDouble() * Duration.ofDays(DAYS).toMillis()));
            if (random.nextInt(3) == 0) {
                start = LocalDate.ofInstant(start, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            Instant end = switch (random.nextInt(4)) {
                case 0 -> start.plusMillis(1 + random.nextInt(1000));
                case 1 -> LocalDate.ofInstant(start, ZoneOffset.UTC).plusDays(1 + random.nextInt(10))
                        .atStartOfDay(ZoneOffset.UTC).toInstant();
                default -> start.plusMillis(1 + (long) (random.nextDouble() * Duration.ofDays(15).toMillis()));
            };
            windows.add(new Instant[] {start, end});
        }
        return windows;
    }

    private void compare(String tenant, List<Instant[]> windows) {
        for (Instant[] window : windows) {
            assertThat(pareto(tenant, window[0], window[1])).as("from %s to %s", window[0], window[1])
                    .isEqualTo(raw(tenant, window[0], window[1]));
        }
        assertThat(pareto(tenant, windows.getFirst()[0], windows.getFirst()[1]).categories())
                .as("categories counted case-insensitively, named after their first complaint").hasSize(5);
    }

    private ComplaintPareto pareto(String tenant, Instant start, Instant end) {
        return analytics.pareto(new TenantId(tenant), start, end, new Violations());
    }

    private ComplaintPareto raw(String tenant, Instant start, Instant end) {
        return new Analytics(new MongoAnalyticsStore(database), 5).pareto(new TenantId(tenant), start, end,
                new Violations());
    }

    private List<Document> rollupsOf(String tenant) {
        return database.getCollection(FeedbackCollections.COMPLAINT_ROLLUPS).find(Filters.eq("tenant", tenant))
                .sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    private static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
