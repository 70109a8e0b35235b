package io.exceed.customer;

import io.exceed.testing.MutableClock;

import static io.exceed.customer.Fixtures.duration;
import static io.exceed.customer.Fixtures.instant;
import static io.exceed.customer.Fixtures.level;
import static io.exceed.customer.Fixtures.person;
import static io.exceed.customer.Fixtures.snapshot;
import static io.exceed.customer.Fixtures.ts;
import static io.exceed.customer.Fixtures.weight;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.exceed.common.v1.Driver;
import io.exceed.common.v1.ServiceDimension;
import io.exceed.customer.v1.CreateExpectationSnapshotRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.ExpectationSnapshot;
import io.exceed.customer.v1.ExpectationSource;
import io.exceed.customer.v1.GetLatestExpectationSnapshotRequest;
import io.exceed.customer.v1.ListExpectationSnapshotsRequest;
import io.exceed.customer.v1.ListExpectationSnapshotsResponse;
import io.exceed.customer.v1.ListStaleExpectationsRequest;
import io.exceed.customer.v1.ListStaleExpectationsResponse;
import io.exceed.customer.v1.StaleExpectation;
import io.grpc.Status;

class ExpectationTest extends CustomerTestSupport {

    private static final Instant NOW = MutableClock.DEFAULT_NOW;

    private ExpectationSnapshot record(String tenant, String customerId, ExpectationSnapshot.Builder snapshot) {
        return as(tenant).createExpectationSnapshot(CreateExpectationSnapshotRequest.newBuilder()
                .setCustomerId(customerId).setSnapshot(snapshot).build());
    }

    private void rejects(ExpectationSnapshot.Builder snapshot, String... fields) {
        String tenant = newTenant();
        Customer customer = create(tenant, "Expecting");
        assertInvalid(() -> record(tenant, customer.getId(), snapshot), fields);
        assertThat(as(tenant).listExpectationSnapshots(ListExpectationSnapshotsRequest.newBuilder()
                .setCustomerId(customer.getId()).build()).getSnapshotsList()).isEmpty();
    }

    @Test
    void createStoresTheSnapshotWithDefaultObserveTime() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Anna");

        ExpectationSnapshot created = record(tenant, customer.getId(), snapshot()
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_COURTESY, 0))
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_COMPETENCE, 100)));

        assertThat(created.getId()).isNotBlank();
        assertThat(created.getCustomerId()).isEqualTo(customer.getId());
        assertThat(created.getSource()).isEqualTo(ExpectationSource.EXPECTATION_SOURCE_SURVEY);
        assertThat(created.getDriverWeightsList()).containsExactly(weight(Driver.DRIVER_QUALITY, 60),
                weight(Driver.DRIVER_PRICE, 40));
        assertThat(created.getDimensionLevelsList()).containsExactly(
                level(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 80),
                level(ServiceDimension.SERVICE_DIMENSION_COURTESY, 0),
                level(ServiceDimension.SERVICE_DIMENSION_COMPETENCE, 100));
        assertThat(instant(created.getObserveTime())).isEqualTo(NOW);
        assertThat(instant(created.getRecordTime())).isEqualTo(NOW);
        assertThat(as(tenant).getLatestExpectationSnapshot(GetLatestExpectationSnapshotRequest.newBuilder()
                .setCustomerId(customer.getId()).build())).isEqualTo(created);
    }

    @Test
    void driverWeightsOnlyOrDimensionLevelsOnlyAreEnough() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Bo");

        ExpectationSnapshot weightsOnly = record(tenant, customer.getId(), ExpectationSnapshot.newBuilder()
                .setSource(ExpectationSource.EXPECTATION_SOURCE_INTERVIEW)
                .addDriverWeights(weight(Driver.DRIVER_SERVICE, 100)));
        ExpectationSnapshot levelsOnly = record(tenant, customer.getId(), ExpectationSnapshot.newBuilder()
                .setSource(ExpectationSource.EXPECTATION_SOURCE_INFERRED)
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_SAFETY, 90)));

        assertThat(weightsOnly.getDriverWeightsList()).containsExactly(weight(Driver.DRIVER_SERVICE, 100));
        assertThat(levelsOnly.getDimensionLevelsList())
                .containsExactly(level(ServiceDimension.SERVICE_DIMENSION_SAFETY, 90));
        assertThat(levelsOnly.getDriverWeightsList()).isEmpty();
    }

    @Test
    void sourceIsRequired() {
        rejects(snapshot().clearSource(), "snapshot.source");
    }

    @Test
    void atLeastOneWeightOrLevelIsRequired() {
        rejects(ExpectationSnapshot.newBuilder().setSource(ExpectationSource.EXPECTATION_SOURCE_SURVEY), "snapshot");
    }

    @Test
    void driverWeightsMustSumTo100() {
        rejects(ExpectationSnapshot.newBuilder().setSource(ExpectationSource.EXPECTATION_SOURCE_SURVEY)
                .addDriverWeights(weight(Driver.DRIVER_QUALITY, 50))
                .addDriverWeights(weight(Driver.DRIVER_PRICE, 40)), "snapshot.driver_weights");
        rejects(ExpectationSnapshot.newBuilder().setSource(ExpectationSource.EXPECTATION_SOURCE_SURVEY)
                .addDriverWeights(weight(Driver.DRIVER_QUALITY, 60))
                .addDriverWeights(weight(Driver.DRIVER_PRICE, 50)), "snapshot.driver_weights");
    }

    @Test
    void eachDriverAndDimensionAppearsOnce() {
        rejects(ExpectationSnapshot.newBuilder().setSource(ExpectationSource.EXPECTATION_SOURCE_SURVEY)
                .addDriverWeights(weight(Driver.DRIVER_QUALITY, 50))
                .addDriverWeights(weight(Driver.DRIVER_QUALITY, 50)), "snapshot.driver_weights[1].driver");
        rejects(ExpectationSnapshot.newBuilder().setSource(ExpectationSource.EXPECTATION_SOURCE_SURVEY)
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_COURTESY, 50))
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 50))
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_COURTESY, 70)),
                "snapshot.dimension_levels[2].dimension");
    }

    @Test
    void unspecifiedDriverOrDimensionIsInvalid() {
        rejects(ExpectationSnapshot.newBuilder().setSource(ExpectationSource.EXPECTATION_SOURCE_SURVEY)
                .addDriverWeights(weight(Driver.DRIVER_UNSPECIFIED, 100)), "snapshot.driver_weights[0].driver");
        rejects(ExpectationSnapshot.newBuilder().setSource(ExpectationSource.EXPECTATION_SOURCE_SURVEY)
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 10))
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_UNSPECIFIED, 10)),
                "snapshot.dimension_levels[1].dimension");
    }

    @Test
    void levelsAndWeightsAreBetween0And100() {
        rejects(ExpectationSnapshot.newBuilder().setSource(ExpectationSource.EXPECTATION_SOURCE_SURVEY)
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 101)),
                "snapshot.dimension_levels[0].expected_level");
        rejects(ExpectationSnapshot.newBuilder().setSource(ExpectationSource.EXPECTATION_SOURCE_SURVEY)
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 50))
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_COURTESY, -1)),
                "snapshot.dimension_levels[1].expected_level");
        // Sums to 100 but each weight is out of range.
        rejects(ExpectationSnapshot.newBuilder().setSource(ExpectationSource.EXPECTATION_SOURCE_SURVEY)
                .addDriverWeights(weight(Driver.DRIVER_QUALITY, 101))
                .addDriverWeights(weight(Driver.DRIVER_PRICE, -1)),
                "snapshot.driver_weights[0].weight", "snapshot.driver_weights[1].weight");
    }

    @Test
    void observeTimeMustNotBeInTheFuture() {
        rejects(snapshot().setObserveTime(ts(NOW.plus(Duration.ofMinutes(1)))), "snapshot.observe_time");
        rejects(snapshot().setObserveTime(ts("2030-01-01T00:00:00Z")), "snapshot.observe_time");
    }

    @Test
    void pastObserveTimeIsKept() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Cia");

        ExpectationSnapshot created = record(tenant, customer.getId(),
                snapshot().setObserveTime(ts("2025-06-01T10:00:00Z")));

        assertThat(instant(created.getObserveTime())).isEqualTo(Instant.parse("2025-06-01T10:00:00Z"));
        assertThat(instant(created.getRecordTime())).isEqualTo(NOW);
    }

    @Test
    void severalSnapshotViolationsAreReportedTogether() {
        rejects(ExpectationSnapshot.newBuilder()
                .addDriverWeights(weight(Driver.DRIVER_QUALITY, 30))
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_UNSPECIFIED, 200))
                .setObserveTime(ts("2030-01-01T00:00:00Z")),
                "snapshot.source", "snapshot.driver_weights", "snapshot.dimension_levels[0].dimension",
                "snapshot.dimension_levels[0].expected_level", "snapshot.observe_time");
    }

    @Test
    void sameRequestIdReturnsTheFirstSnapshot() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Dag");
        CreateExpectationSnapshotRequest request = CreateExpectationSnapshotRequest.newBuilder()
                .setCustomerId(customer.getId()).setSnapshot(snapshot()).setRequestId("snap-req-1").build();

        ExpectationSnapshot first = as(tenant).createExpectationSnapshot(request);
        clock.advance(Duration.ofMinutes(1));
        ExpectationSnapshot second = as(tenant).createExpectationSnapshot(request);

        assertThat(second).isEqualTo(first);
        assertThat(as(tenant).listExpectationSnapshots(ListExpectationSnapshotsRequest.newBuilder()
                .setCustomerId(customer.getId()).build()).getSnapshotsList()).containsExactly(first);
    }

    @Test
    void malformedRequestIdIsRejected() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Dag");
        assertInvalid(() -> as(tenant).createExpectationSnapshot(CreateExpectationSnapshotRequest.newBuilder()
                .setCustomerId(customer.getId()).setSnapshot(snapshot()).setRequestId("with space").build()),
                "request_id");
    }

    @Test
    void snapshotForAnUnknownCustomerIsNotFound() {
        assertStatus(Status.Code.NOT_FOUND, () -> record(newTenant(), "no-such-customer", snapshot()));
    }

    @Test
    void latestIsTheSnapshotWithTheLatestObserveTime() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Eva");
        assertThat(get(tenant, customer.getId()).hasLatestExpectationTime()).isFalse();

        ExpectationSnapshot tenDaysAgo = record(tenant, customer.getId(),
                snapshot().setObserveTime(ts(NOW.minus(Duration.ofDays(10)))));
        clock.advance(Duration.ofMinutes(5));
        // Recorded later, but observed earlier: not the latest.
        record(tenant, customer.getId(), snapshot().setObserveTime(ts(NOW.minus(Duration.ofDays(20)))));

        ExpectationSnapshot latest = as(tenant).getLatestExpectationSnapshot(
                GetLatestExpectationSnapshotRequest.newBuilder().setCustomerId(customer.getId()).build());
        assertThat(latest).isEqualTo(tenDaysAgo);
        assertThat(instant(get(tenant, customer.getId()).getLatestExpectationTime()))
                .isEqualTo(NOW.minus(Duration.ofDays(10)));

        ExpectationSnapshot now = record(tenant, customer.getId(), snapshot());
        assertThat(as(tenant).getLatestExpectationSnapshot(GetLatestExpectationSnapshotRequest.newBuilder()
                .setCustomerId(customer.getId()).build())).isEqualTo(now);
        assertThat(instant(get(tenant, customer.getId()).getLatestExpectationTime()))
                .isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void latestWithoutAnySnapshotIsNotFound() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Frans");
        assertStatus(Status.Code.NOT_FOUND, () -> as(tenant).getLatestExpectationSnapshot(
                GetLatestExpectationSnapshotRequest.newBuilder().setCustomerId(customer.getId()).build()));
        assertStatus(Status.Code.NOT_FOUND, () -> as(tenant).getLatestExpectationSnapshot(
                GetLatestExpectationSnapshotRequest.newBuilder().setCustomerId("no-such-customer").build()));
    }

    @Test
    void listIsNewestObserveTimeFirstAndPaged() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Gun");
        List<Integer> daysAgo = List.of(30, 5, 50, 1, 12);
        for (int d : daysAgo) {
            record(tenant, customer.getId(), snapshot().setObserveTime(ts(NOW.minus(Duration.ofDays(d)))));
            clock.advance(Duration.ofSeconds(1));
        }

        List<Instant> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListExpectationSnapshotsResponse page = as(tenant).listExpectationSnapshots(
                    ListExpectationSnapshotsRequest.newBuilder().setCustomerId(customer.getId())
                            .setPageSize(2).setPageToken(token).build());
            assertThat(page.getSnapshotsCount()).isLessThanOrEqualTo(2);
            page.getSnapshotsList().forEach(s -> seen.add(instant(s.getObserveTime())));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty() && pages < 10);

        assertThat(seen).containsExactly(NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(5)),
                NOW.minus(Duration.ofDays(12)), NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(50)));
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void listRejectsBadPaging() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Hugo");
        assertInvalid(() -> as(tenant).listExpectationSnapshots(ListExpectationSnapshotsRequest.newBuilder()
                .setCustomerId(customer.getId()).setPageSize(501).build()), "page_size");
        assertInvalid(() -> as(tenant).listExpectationSnapshots(ListExpectationSnapshotsRequest.newBuilder()
                .setCustomerId(customer.getId()).setPageToken("garbage").build()), "page_token");
    }

    @Test
    void staleExpectationsListsCustomersWithOldOrNoExpectations() {
        String tenant = newTenant();
        Customer never = create(tenant, person("Never").setExternalReference("ext-never"));
        Customer fresh = create(tenant, "Fresh");
        Customer old = create(tenant, person("Old").setExternalReference("ext-old"));
        record(tenant, fresh.getId(), snapshot());
        record(tenant, old.getId(), snapshot().setObserveTime(ts(NOW.minus(Duration.ofDays(200)))));

        List<StaleExpectation> stale = as(tenant).listStaleExpectations(
                ListStaleExpectationsRequest.getDefaultInstance()).getStaleExpectationsList();

        assertThat(stale).extracting(StaleExpectation::getCustomerId).containsExactly(never.getId(), old.getId());
        assertThat(stale.get(0).getExternalReference()).isEqualTo("ext-never");
        assertThat(stale.get(0).hasLatestObserveTime()).isFalse();
        assertThat(stale.get(1).getExternalReference()).isEqualTo("ext-old");
        assertThat(instant(stale.get(1).getLatestObserveTime())).isEqualTo(NOW.minus(Duration.ofDays(200)));
    }

    @Test
    void staleExpectationsFollowTheClockAndMaxAge() {
        String tenant = newTenant();
        Customer a = create(tenant, "A");
        Customer b = create(tenant, "B");
        record(tenant, a.getId(), snapshot());
        record(tenant, b.getId(), snapshot().setObserveTime(ts(NOW.minus(Duration.ofDays(20)))));

        assertThat(staleIds(tenant, null)).isEmpty();
        assertThat(staleIds(tenant, Duration.ofDays(10))).containsExactly(b.getId());
        assertThat(staleIds(tenant, Duration.ofDays(30))).isEmpty();

        clock.advance(Duration.ofDays(170));
        // b is now 190 days old, a 170 days.
        assertThat(staleIds(tenant, null)).containsExactly(b.getId());

        clock.advance(Duration.ofDays(11));
        assertThat(staleIds(tenant, null)).containsExactly(a.getId(), b.getId());

        // A new snapshot makes a customer fresh again.
        record(tenant, b.getId(), snapshot());
        assertThat(staleIds(tenant, null)).containsExactly(a.getId());
    }

    @Test
    void staleExpectationsArePagedInCustomerIdOrder() {
        String tenant = newTenant();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(create(tenant, "S" + i).getId());
            clock.advance(Duration.ofSeconds(1));
        }
        Customer fresh = create(tenant, "Fresh");
        record(tenant, fresh.getId(), snapshot());

        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListStaleExpectationsResponse page = as(tenant).listStaleExpectations(ListStaleExpectationsRequest
                    .newBuilder().setPageSize(2).setPageToken(token).build());
            page.getStaleExpectationsList().forEach(s -> seen.add(s.getCustomerId()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty() && pages < 10);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(seen).isSorted();
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void staleExpectationsTokenIsBoundToMaxAge() {
        String tenant = newTenant();
        create(tenant, "A");
        create(tenant, "B");
        ListStaleExpectationsResponse first = as(tenant).listStaleExpectations(ListStaleExpectationsRequest
                .newBuilder().setPageSize(1).build());
        assertThat(first.getNextPageToken()).isNotEmpty();

        assertInvalid(() -> as(tenant).listStaleExpectations(ListStaleExpectationsRequest.newBuilder()
                .setPageSize(1).setMaxAge(duration(Duration.ofDays(3))).setPageToken(first.getNextPageToken())
                .build()), "page_token");
    }

    @Test
    void maxAgeMustBePositive() {
        String tenant = newTenant();
        assertInvalid(() -> as(tenant).listStaleExpectations(ListStaleExpectationsRequest.newBuilder()
                .setMaxAge(duration(Duration.ZERO)).build()), "max_age");
        assertInvalid(() -> as(tenant).listStaleExpectations(ListStaleExpectationsRequest.newBuilder()
                .setMaxAge(duration(Duration.ofDays(-1))).build()), "max_age");
        assertInvalid(() -> as(tenant).listStaleExpectations(ListStaleExpectationsRequest.newBuilder()
                .setPageSize(-1).build()), "page_size");
    }

    private List<String> staleIds(String tenant, Duration maxAge) {
        ListStaleExpectationsRequest.Builder request = ListStaleExpectationsRequest.newBuilder().setPageSize(500);
        if (maxAge != null) {
            request.setMaxAge(duration(maxAge));
        }
        return as(tenant).listStaleExpectations(request.build()).getStaleExpectationsList().stream()
                .map(StaleExpectation::getCustomerId).toList();
    }
}
