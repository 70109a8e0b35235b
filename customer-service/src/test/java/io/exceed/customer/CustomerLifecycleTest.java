package io.exceed.customer;

import io.exceed.testing.MutableClock;

import static io.exceed.customer.Fixtures.allowing;
import static io.exceed.customer.Fixtures.budget;
import static io.exceed.customer.Fixtures.instant;
import static io.exceed.customer.Fixtures.note;
import static io.exceed.customer.Fixtures.person;
import static io.exceed.customer.Fixtures.quietHours;
import static io.exceed.customer.Fixtures.snapshot;
import static io.exceed.customer.Fixtures.ts;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.type.Money;

import io.exceed.common.v1.ContactChannel;
import io.exceed.customer.v1.Band;
import io.exceed.customer.v1.ContactPreferences;
import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.CreateExpectationSnapshotRequest;
import io.exceed.customer.v1.CreateTimelineEventRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerState;
import io.exceed.customer.v1.CustomerValue;
import io.exceed.customer.v1.DeleteCustomerRequest;
import io.exceed.customer.v1.ExportCustomerRequest;
import io.exceed.customer.v1.ExportCustomerResponse;
import io.exceed.customer.v1.GetLatestExpectationSnapshotRequest;
import io.exceed.customer.v1.ListExpectationSnapshotsRequest;
import io.exceed.customer.v1.ListTimelineEventsRequest;
import io.exceed.customer.v1.RelationshipState;
import io.exceed.customer.v1.ReserveContactResponse;
import io.exceed.customer.v1.Segment;
import io.exceed.customer.v1.UpdateCustomerRequest;
import io.exceed.customer.v1.UpsertCustomerRequest;
import io.exceed.customer.v1.UpsertCustomerResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

class CustomerLifecycleTest extends CustomerTestSupport {

    private static Customer.Builder fullCustomer() {
        return person("Anna Andersson")
                .setExternalReference("crm-1001")
                .addEmails("anna@example.com")
                .addEmails("anna.andersson@example.se")
                .addPhones("+46 70 123 45 67")
                .setLanguage("sv")
                .setTimeZone("Europe/Stockholm")
                .setSegment(Segment.newBuilder()
                        .putAttributes("region", "north")
                        .putAttributes("age_band", "30_39")
                        .setCustomerSince(ts("2020-01-15T00:00:00Z"))
                        .addCompetitorProducts("RivalCRM"))
                .setValue(CustomerValue.newBuilder()
                        .setLifetimeValue(Money.newBuilder().setCurrencyCode("SEK").setUnits(125000).setNanos(500_000_000))
                        .setProfitability(Band.BAND_HIGH)
                        .setGrowthPotential(Band.BAND_MEDIUM))
                .addTags("vip")
                .addTags("nordics")
                .setAccountOwner("olof@tenant.example")
                .setContactPreferences(allowing(ContactChannel.CONTACT_CHANNEL_EMAIL, ContactChannel.CONTACT_CHANNEL_SMS)
                        .setQuietHours(quietHours(22, 7))
                        .setBudget(budget(3, Duration.ofDays(14))));
    }

    @Test
    void createAssignsIdVersionStateAndTimesFromTheServiceClock() {
        String tenant = newTenant();
        clock.set(Instant.parse("2026-03-02T09:30:00Z"));

        Customer created = create(tenant, "Anna Andersson");

        assertThat(created.getId()).isNotBlank();
        assertThat(created.getVersion()).isEqualTo(1);
        assertThat(created.getState()).isEqualTo(CustomerState.CUSTOMER_STATE_ACTIVE);
        assertThat(created.getRelationshipState()).isEqualTo(RelationshipState.RELATIONSHIP_STATE_UNRATED);
        assertThat(instant(created.getCreateTime())).isEqualTo(Instant.parse("2026-03-02T09:30:00Z"));
        assertThat(instant(created.getUpdateTime())).isEqualTo(Instant.parse("2026-03-02T09:30:00Z"));
        assertThat(created.hasLatestExpectationTime()).isFalse();
        assertThat(created.getDisplayName()).isEqualTo("Anna Andersson");
    }

    @Test
    void createAppliesDefaultsForLanguageAndTimeZone() {
        Customer created = create(newTenant(), "Bo Berg");

        assertThat(created.getLanguage()).isEqualTo("en");
        assertThat(created.getTimeZone()).isEqualTo("UTC");
    }

    @Test
    void createIgnoresOutputOnlyFields() {
        String tenant = newTenant();
        Customer created = create(tenant, person("Cecilia")
                .setId("my-own-id")
                .setVersion(42)
                .setState(CustomerState.CUSTOMER_STATE_ERASED)
                .setRelationshipState(RelationshipState.RELATIONSHIP_STATE_ADVOCATE));

        assertThat(created.getId()).isNotEqualTo("my-own-id");
        assertThat(created.getVersion()).isEqualTo(1);
        assertThat(created.getState()).isEqualTo(CustomerState.CUSTOMER_STATE_ACTIVE);
        assertThat(created.getRelationshipState()).isEqualTo(RelationshipState.RELATIONSHIP_STATE_UNRATED);
    }

    @Test
    void everyWritableFieldRoundTripsAndPhonesAreStoredAsE164() {
        String tenant = newTenant();

        Customer created = create(tenant, fullCustomer());
        Customer fetched = get(tenant, created.getId());

        assertThat(fetched).isEqualTo(created);
        assertThat(fetched.getExternalReference()).isEqualTo("crm-1001");
        assertThat(fetched.getEmailsList()).containsExactly("anna@example.com", "anna.andersson@example.se");
        assertThat(fetched.getPhonesList()).containsExactly("+46701234567");
        assertThat(fetched.getLanguage()).isEqualTo("sv");
        assertThat(fetched.getTimeZone()).isEqualTo("Europe/Stockholm");
        assertThat(fetched.getSegment().getAttributesMap())
                .containsOnly(org.assertj.core.api.Assertions.entry("region", "north"),
                        org.assertj.core.api.Assertions.entry("age_band", "30_39"));
        assertThat(instant(fetched.getSegment().getCustomerSince())).isEqualTo(Instant.parse("2020-01-15T00:00:00Z"));
        assertThat(fetched.getSegment().getCompetitorProductsList()).containsExactly("RivalCRM");
        assertThat(fetched.getValue().getLifetimeValue().getCurrencyCode()).isEqualTo("SEK");
        assertThat(fetched.getValue().getLifetimeValue().getUnits()).isEqualTo(125000);
        assertThat(fetched.getValue().getLifetimeValue().getNanos()).isEqualTo(500_000_000);
        assertThat(fetched.getValue().getProfitability()).isEqualTo(Band.BAND_HIGH);
        assertThat(fetched.getValue().getGrowthPotential()).isEqualTo(Band.BAND_MEDIUM);
        assertThat(fetched.getTagsList()).containsExactly("vip", "nordics");
        assertThat(fetched.getAccountOwner()).isEqualTo("olof@tenant.example");
        ContactPreferences prefs = fetched.getContactPreferences();
        assertThat(prefs.getAllowedChannelsList())
                .containsExactly(ContactChannel.CONTACT_CHANNEL_EMAIL, ContactChannel.CONTACT_CHANNEL_SMS);
        assertThat(prefs.getQuietHours()).isEqualTo(quietHours(22, 7));
        assertThat(prefs.getBudget()).isEqualTo(budget(3, Duration.ofDays(14)));
    }

    @Test
    void getUnknownCustomerIsNotFound() {
        assertStatus(Status.Code.NOT_FOUND,
                () -> get(newTenant(), "01JZZZZZZZZZZZZZZZZZZZZZZZ"));
        assertStatus(Status.Code.NOT_FOUND,
                () -> get(newTenant(), "does-not-exist"));
    }

    @Test
    void createWithTheSameRequestIdReturnsTheFirstCustomer() {
        String tenant = newTenant();
        CreateCustomerRequest request = CreateCustomerRequest.newBuilder()
                .setCustomer(person("Dan Dahl"))
                .setRequestId("5f1c8f0a-8f2b-4c1e-9a51-3f9d2c6f0b11")
                .build();

        Customer first = as(tenant).createCustomer(request);
        clock.advance(Duration.ofMinutes(5));
        Customer second = as(tenant).createCustomer(request);

        assertThat(second.getId()).isEqualTo(first.getId());
        assertThat(second.getCreateTime()).isEqualTo(first.getCreateTime());
        assertThat(listIds(tenant)).containsExactly(first.getId());
    }

    @Test
    void sameRequestIdInAnotherTenantCreatesAnotherCustomer() {
        String tenantA = newTenant();
        String tenantB = newTenant();
        CreateCustomerRequest request = CreateCustomerRequest.newBuilder()
                .setCustomer(person("Eva Ek")).setRequestId("req-1").build();

        Customer a = as(tenantA).createCustomer(request);
        Customer b = as(tenantB).createCustomer(request);

        assertThat(b.getId()).isNotEqualTo(a.getId());
        assertThat(listIds(tenantB)).containsExactly(b.getId());
    }

    @Test
    void externalReferenceIsUniqueWithinATenantOnly() {
        String tenant = newTenant();
        Customer first = create(tenant, person("Frida").setExternalReference("ext-42"));

        StatusRuntimeException e = assertStatus(Status.Code.ALREADY_EXISTS, "EXTERNAL_REFERENCE_TAKEN",
                () -> create(tenant, person("Frida again").setExternalReference("ext-42")));
        assertThat(e).isNotNull();
        assertThat(listIds(tenant)).containsExactly(first.getId());

        Customer elsewhere = create(newTenant(), person("Frida elsewhere").setExternalReference("ext-42"));
        assertThat(elsewhere.getExternalReference()).isEqualTo("ext-42");
    }

    @Test
    void updateRequiresAnUpdateMask() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Gustav");

        assertInvalid(() -> as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(customer.toBuilder().setDisplayName("Gustaf")).build()), "update_mask");
        assertThat(get(tenant, customer.getId()).getDisplayName()).isEqualTo("Gustav");
    }

    @Test
    void updateRejectsUnknownOrReadOnlyPaths() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Hanna");

        for (String path : List.of("id", "version", "nope", "state", "create_time")) {
            assertInvalid(() -> as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                    .setCustomer(customer.toBuilder().setDisplayName("Changed").setVersion(99))
                    .setUpdateMask(FieldMask.newBuilder().addPaths(path))
                    .build()), "update_mask");
        }
        Customer after = get(tenant, customer.getId());
        assertThat(after.getVersion()).isEqualTo(1);
        assertThat(after.getDisplayName()).isEqualTo("Hanna");
    }

    @Test
    void updateChangesOnlyMaskedFieldsAndIncrementsTheVersion() {
        String tenant = newTenant();
        Customer customer = create(tenant, person("Ida").addTags("original").setAccountOwner("owner-1"));
        clock.advance(Duration.ofHours(2));

        Customer updated = as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(customer.getId())
                        .setDisplayName("Ida Isaksson")
                        .addTags("ignored-because-not-masked")
                        .setAccountOwner("owner-2"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("display_name").addPaths("account_owner"))
                .build());

        assertThat(updated.getId()).isEqualTo(customer.getId());
        assertThat(updated.getDisplayName()).isEqualTo("Ida Isaksson");
        assertThat(updated.getAccountOwner()).isEqualTo("owner-2");
        assertThat(updated.getTagsList()).containsExactly("original");
        assertThat(updated.getVersion()).isEqualTo(2);
        assertThat(updated.getCreateTime()).isEqualTo(customer.getCreateTime());
        assertThat(instant(updated.getUpdateTime())).isEqualTo(MutableClock.DEFAULT_NOW.plus(Duration.ofHours(2)));
        assertThat(get(tenant, customer.getId())).isEqualTo(updated);
    }

    @Test
    void updateCanClearARepeatedField() {
        String tenant = newTenant();
        Customer customer = create(tenant, person("Jon").addTags("a").addTags("b").addEmails("jon@example.com"));

        Customer updated = as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(customer.getId()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("tags"))
                .build());

        assertThat(updated.getTagsList()).isEmpty();
        assertThat(updated.getEmailsList()).containsExactly("jon@example.com");
        assertThat(updated.getDisplayName()).isEqualTo("Jon");
    }

    @Test
    void updateNormalisesPhonesAsCreateDoes() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Kim");

        Customer updated = as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(customer.getId()).addPhones("+46 70 123 45 67"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("phones"))
                .build());

        assertThat(updated.getPhonesList()).containsExactly("+46701234567");
    }

    @Test
    void updateWithSubPathChangesOnlyThatSubField() {
        String tenant = newTenant();
        Customer customer = create(tenant, person("Lena").setContactPreferences(
                allowing(ContactChannel.CONTACT_CHANNEL_EMAIL).setBudget(budget(2, Duration.ofDays(7)))));

        Customer updated = as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(customer.getId()).setContactPreferences(
                        allowing(ContactChannel.CONTACT_CHANNEL_SMS, ContactChannel.CONTACT_CHANNEL_PHONE)
                                .setBudget(budget(9, Duration.ofDays(1)))))
                .setUpdateMask(FieldMask.newBuilder().addPaths("contact_preferences.allowed_channels"))
                .build());

        assertThat(updated.getContactPreferences().getAllowedChannelsList())
                .containsExactly(ContactChannel.CONTACT_CHANNEL_SMS, ContactChannel.CONTACT_CHANNEL_PHONE);
        assertThat(updated.getContactPreferences().getBudget()).isEqualTo(budget(2, Duration.ofDays(7)));
        assertThat(updated.getVersion()).isEqualTo(2);
    }

    @Test
    void updateWithSegmentSubPath() {
        String tenant = newTenant();
        Customer customer = create(tenant, person("Maja").setSegment(Segment.newBuilder()
                .putAttributes("region", "south").addCompetitorProducts("OtherCo")));

        Customer updated = as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(customer.getId())
                        .setSegment(Segment.newBuilder().putAttributes("region", "west").addCompetitorProducts("X")))
                .setUpdateMask(FieldMask.newBuilder().addPaths("segment.attributes"))
                .build());

        assertThat(updated.getSegment().getAttributesMap()).containsOnlyKeys("region").containsEntry("region", "west");
        assertThat(updated.getSegment().getCompetitorProductsList()).containsExactly("OtherCo");
    }

    @Test
    void updateWithTheCurrentExpectedVersionSucceeds() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Nils");

        Customer updated = as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(customer.getId()).setDisplayName("Nils N"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("display_name"))
                .setExpectedVersion(1)
                .build());

        assertThat(updated.getVersion()).isEqualTo(2);
        assertThat(updated.getDisplayName()).isEqualTo("Nils N");
    }

    @Test
    void updateWithAStaleExpectedVersionIsAbortedAndChangesNothing() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Olle");
        rename(tenant, customer.getId(), "Olle 2", null);

        assertStatus(Status.Code.ABORTED, "VERSION_MISMATCH",
                () -> rename(tenant, customer.getId(), "Olle stale", 1L));

        Customer after = get(tenant, customer.getId());
        assertThat(after.getDisplayName()).isEqualTo("Olle 2");
        assertThat(after.getVersion()).isEqualTo(2);
    }

    @Test
    void concurrentUpdatesWithTheSameExpectedVersionLetExactlyOneWin() throws Exception {
        String tenant = newTenant();
        Customer customer = create(tenant, "Pia");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String name = "Pia " + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        return rename(tenant, customer.getId(), name, 1L);
                    } catch (StatusRuntimeException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Customer> winners = new ArrayList<>();
            List<StatusRuntimeException> losers = new ArrayList<>();
            for (Future<Object> result : results) {
                Object outcome = result.get(30, TimeUnit.SECONDS);
                if (outcome instanceof Customer c) {
                    winners.add(c);
                } else {
                    losers.add((StatusRuntimeException) outcome);
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(losers).hasSize(threads - 1)
                    .allSatisfy(e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED));
            Customer after = get(tenant, customer.getId());
            assertThat(after.getVersion()).isEqualTo(2);
            assertThat(after.getDisplayName()).isEqualTo(winners.get(0).getDisplayName());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void updateValidationErrorsUseCustomerFieldPaths() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Rut");

        assertInvalid(() -> as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(customer.getId()).setDisplayName("   ")
                        .addEmails("ok@example.com").addEmails("broken").setTimeZone("Mars/Olympus"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("display_name").addPaths("emails").addPaths("time_zone"))
                .build()), "customer.display_name", "customer.emails[1]", "customer.time_zone");

        Customer after = get(tenant, customer.getId());
        assertThat(after).isEqualTo(customer);
    }

    @Test
    void updateRejectsAnInvalidPhone() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Rolf");

        assertInvalid(() -> as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(customer.getId()).addPhones("+46 70 123 45 67")
                        .addPhones("0701234567"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("phones"))
                .build()), "customer.phones[1]");
        assertThat(get(tenant, customer.getId())).isEqualTo(customer);
    }

    @Test
    void updateToATakenExternalReferenceIsRejected() {
        String tenant = newTenant();
        create(tenant, person("Holder").setExternalReference("taken-ref"));
        Customer other = create(tenant, person("Other").setExternalReference("own-ref"));

        assertStatus(Status.Code.ALREADY_EXISTS, "EXTERNAL_REFERENCE_TAKEN",
                () -> as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                        .setCustomer(Customer.newBuilder().setId(other.getId()).setExternalReference("taken-ref"))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("external_reference"))
                        .build()));
        assertThat(get(tenant, other.getId()).getExternalReference()).isEqualTo("own-ref");
    }

    @Test
    void concurrentCreatesWithTheSameExternalReferenceCreateOneCustomer() throws Exception {
        String tenant = newTenant();
        List<Object> outcomes = concurrently(8, i -> create(tenant, person("Racer " + i).setExternalReference("race-ref")));

        assertThat(outcomes).filteredOn(Customer.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof Customer)).hasSize(7).allSatisfy(o -> assertThat(
                ((StatusRuntimeException) o).getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
        assertThat(listIds(tenant)).hasSize(1);
    }

    @Test
    void concurrentCreatesWithTheSameRequestIdCreateOneCustomer() throws Exception {
        String tenant = newTenant();
        CreateCustomerRequest request = CreateCustomerRequest.newBuilder()
                .setCustomer(person("Once")).setRequestId("concurrent-create").build();
        List<Object> outcomes = concurrently(8, i -> as(tenant).createCustomer(request));

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Customer.class));
        assertThat(outcomes).extracting(o -> ((Customer) o).getId()).containsOnly(((Customer) outcomes.get(0)).getId());
        assertThat(listIds(tenant)).hasSize(1);
    }

    private static List<Object> concurrently(int threads, java.util.function.IntFunction<Object> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return call.apply(n);
                    } catch (StatusRuntimeException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get(30, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void updateOfAnUnknownCustomerIsNotFound() {
        assertStatus(Status.Code.NOT_FOUND, () -> rename(newTenant(), "no-such-customer", "X", null));
    }

    @Test
    void upsertRequiresAnExternalReference() {
        String tenant = newTenant();
        assertInvalid(() -> as(tenant).upsertCustomer(UpsertCustomerRequest.newBuilder()
                .setCustomer(person("Sara")).build()), "customer.external_reference");
        assertThat(listIds(tenant)).isEmpty();
    }

    @Test
    void upsertCreatesThenReplacesTheWritableFields() {
        String tenant = newTenant();
        UpsertCustomerResponse first = as(tenant).upsertCustomer(UpsertCustomerRequest.newBuilder()
                .setCustomer(person("Sven").setExternalReference("erp-7")
                        .addTags("old").addEmails("sven@example.com").setAccountOwner("a1").setLanguage("sv"))
                .build());

        assertThat(first.getCreated()).isTrue();
        assertThat(first.getCustomer().getVersion()).isEqualTo(1);
        assertThat(first.getCustomer().getExternalReference()).isEqualTo("erp-7");

        clock.advance(Duration.ofMinutes(10));
        UpsertCustomerResponse second = as(tenant).upsertCustomer(UpsertCustomerRequest.newBuilder()
                .setCustomer(person("Sven Svensson").setExternalReference("erp-7").addTags("new"))
                .build());

        assertThat(second.getCreated()).isFalse();
        Customer replaced = second.getCustomer();
        assertThat(replaced.getId()).isEqualTo(first.getCustomer().getId());
        assertThat(replaced.getVersion()).isEqualTo(2);
        assertThat(replaced.getDisplayName()).isEqualTo("Sven Svensson");
        assertThat(replaced.getTagsList()).containsExactly("new");
        assertThat(replaced.getEmailsList()).isEmpty();
        assertThat(replaced.getAccountOwner()).isEmpty();
        assertThat(replaced.getLanguage()).isEqualTo("en");
        assertThat(replaced.getCreateTime()).isEqualTo(first.getCustomer().getCreateTime());
        assertThat(instant(replaced.getUpdateTime())).isEqualTo(MutableClock.DEFAULT_NOW.plus(Duration.ofMinutes(10)));
        assertThat(get(tenant, replaced.getId())).isEqualTo(replaced);
        assertThat(listIds(tenant)).containsExactly(replaced.getId());
    }

    @Test
    void anUpsertRetriedAfterItCreatedTheCustomerChangesNothing() {
        String tenant = newTenant();
        UpsertCustomerRequest upsert = UpsertCustomerRequest.newBuilder().setRequestId("erp-sync-1")
                .setCustomer(person("Sven").setExternalReference("erp-8")).build();
        Customer created = as(tenant).upsertCustomer(upsert).getCustomer();
        Customer renamed = as(tenant).upsertCustomer(UpsertCustomerRequest.newBuilder().setRequestId("erp-sync-2")
                .setCustomer(person("Sven Svensson").setExternalReference("erp-8")).build()).getCustomer();

        UpsertCustomerResponse retried = as(tenant).upsertCustomer(upsert);

        assertThat(retried.getCustomer().getId()).isEqualTo(created.getId());
        assertThat(get(tenant, created.getId())).as("the later change stays").isEqualTo(renamed);
    }

    @Test
    void upsertValidatesLikeCreate() {
        String tenant = newTenant();
        assertInvalid(() -> as(tenant).upsertCustomer(UpsertCustomerRequest.newBuilder()
                .setCustomer(person("").setExternalReference("erp-8").addEmails("broken")).build()),
                "customer.display_name", "customer.emails[0]");
        assertThat(listIds(tenant)).isEmpty();
    }

    @Test
    void deleteRemovesTheCustomerWithItsExpectationsAndTimeline() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Tove");
        Customer other = create(tenant, "Ulf");
        as(tenant).createExpectationSnapshot(CreateExpectationSnapshotRequest.newBuilder()
                .setCustomerId(customer.getId()).setSnapshot(snapshot()).build());
        as(tenant).createTimelineEvent(CreateTimelineEventRequest.newBuilder()
                .setCustomerId(customer.getId()).setEvent(note("hello")).build());

        as(tenant).deleteCustomer(DeleteCustomerRequest.newBuilder().setCustomerId(customer.getId()).build());

        String id = customer.getId();
        assertStatus(Status.Code.NOT_FOUND, () -> get(tenant, id));
        assertStatus(Status.Code.NOT_FOUND, () -> as(tenant).listTimelineEvents(
                ListTimelineEventsRequest.newBuilder().setCustomerId(id).build()));
        assertStatus(Status.Code.NOT_FOUND, () -> as(tenant).listExpectationSnapshots(
                ListExpectationSnapshotsRequest.newBuilder().setCustomerId(id).build()));
        assertStatus(Status.Code.NOT_FOUND, () -> as(tenant).getLatestExpectationSnapshot(
                GetLatestExpectationSnapshotRequest.newBuilder().setCustomerId(id).build()));
        assertStatus(Status.Code.NOT_FOUND, () -> as(tenant).exportCustomer(
                ExportCustomerRequest.newBuilder().setCustomerId(id).build()));
        assertThat(listIds(tenant)).containsExactly(other.getId());
        assertThat(get(tenant, other.getId())).isEqualTo(other);
    }

    @Test
    void deletedCustomersExternalReferenceCanBeReused() {
        String tenant = newTenant();
        Customer customer = create(tenant, person("Vera").setExternalReference("ref-del"));
        as(tenant).deleteCustomer(DeleteCustomerRequest.newBuilder().setCustomerId(customer.getId()).build());

        Customer again = create(tenant, person("Vera 2").setExternalReference("ref-del"));
        assertThat(again.getId()).isNotEqualTo(customer.getId());
    }

    @Test
    void exportReturnsProfileSnapshotsTimelineAndContactLog() {
        String tenant = newTenant();
        Customer customer = create(tenant, person("Wilma")
                .setContactPreferences(allowing(ContactChannel.CONTACT_CHANNEL_EMAIL)));
        Customer other = create(tenant, person("Xerxes")
                .setContactPreferences(allowing(ContactChannel.CONTACT_CHANNEL_EMAIL)));
        String id = customer.getId();

        var older = as(tenant).createExpectationSnapshot(CreateExpectationSnapshotRequest.newBuilder()
                .setCustomerId(id).setSnapshot(snapshot().setObserveTime(ts("2026-01-01T00:00:00Z"))).build());
        var newer = as(tenant).createExpectationSnapshot(CreateExpectationSnapshotRequest.newBuilder()
                .setCustomerId(id).setSnapshot(snapshot()).build());
        var event1 = as(tenant).createTimelineEvent(CreateTimelineEventRequest.newBuilder()
                .setCustomerId(id).setEvent(note("first").setOccurTime(ts("2026-02-01T00:00:00Z"))).build());
        var event2 = as(tenant).createTimelineEvent(CreateTimelineEventRequest.newBuilder()
                .setCustomerId(id).setEvent(note("second")).build());
        ReserveContactResponse grant = reserveEmailSurvey(tenant, id);
        reserveEmailSurvey(tenant, other.getId());
        as(tenant).createTimelineEvent(CreateTimelineEventRequest.newBuilder()
                .setCustomerId(other.getId()).setEvent(note("not yours")).build());

        ExportCustomerResponse export = as(tenant).exportCustomer(ExportCustomerRequest.newBuilder()
                .setCustomerId(id).build());

        assertThat(export.getCustomer()).isEqualTo(get(tenant, id));
        assertThat(export.getExpectationSnapshotsList()).containsExactly(newer, older);
        assertThat(export.getTimelineEventsList()).containsExactly(event2, event1);
        assertThat(export.getContactLogEntriesList()).containsExactly(grant.getLogEntry());
    }

    @Test
    void exportOfAnUnknownCustomerIsNotFound() {
        assertStatus(Status.Code.NOT_FOUND, () -> as(newTenant()).exportCustomer(
                ExportCustomerRequest.newBuilder().setCustomerId("nobody").build()));
    }

    private Customer rename(String tenant, String id, String name, Long expectedVersion) {
        UpdateCustomerRequest.Builder request = UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(id).setDisplayName(name))
                .setUpdateMask(FieldMask.newBuilder().addPaths("display_name"));
        if (expectedVersion != null) {
            request.setExpectedVersion(expectedVersion);
        }
        return as(tenant).updateCustomer(request.build());
    }
}
