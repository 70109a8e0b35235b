package io.exceed.customer;

import static io.exceed.customer.Fixtures.allowing;
import static io.exceed.customer.Fixtures.budget;
import static io.exceed.customer.Fixtures.person;
import static io.exceed.customer.Fixtures.snapshot;
import static io.exceed.customer.Fixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.customer.store.CustomerCollections;
import io.exceed.customer.v1.ContactLogEntry;
import io.exceed.customer.v1.CreateExpectationSnapshotRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerView;
import io.exceed.customer.v1.ExpectationSnapshot;
import io.exceed.customer.v1.GetCustomerViewRequest;
import io.exceed.common.v1.ContactChannel;
import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.testing.StoreCommands;

/**
 * A customer's 360 view reads the newest expectation snapshot and the latest contacts by key, however many
 * snapshots and contacts the tenant has stored: on the embedded store every other read scans its collection. Data
 * stored before the keys existed is read correctly, and keyed as the first start (snapshots) or the next contact
 * (contacts) of this version finds it.
 */
class ReadsByKeyTest extends CustomerTestSupport {

    /** Filters that are lookups on the embedded store: exactly a unique index's fields. */
    private static final Map<String, Set<Set<String>>> BY_KEY = Map.of(
            CustomerCollections.CUSTOMERS, Set.of(Set.of("tenant", "_id")),
            CustomerCollections.EXPECTATION_SNAPSHOTS, Set.of(Set.of("tenant", "_id")),
            CustomerCollections.EXPECTATION_LATEST, Set.of(Set.of("_id")),
            CustomerCollections.CONTACT_STATES, Set.of(Set.of("tenant", "_id")),
            CustomerCollections.CONTACT_LOG, Set.of(Set.of("tenant", "sequence")));

    @Autowired
    private MongoDatabase database;

    @Test
    void theViewReadsTheNewestSnapshotAndTheLatestContactsByKey() {
        String tenant = newTenant();
        Customer customer = create(tenant, person("Keyed").setContactPreferences(allowing(
                ContactChannel.CONTACT_CHANNEL_EMAIL).setBudget(budget(20, Duration.ofDays(7)))));
        Instant now = clock.instant();
        // Out of order: the newest observation is appended second, an older one last.
        record(tenant, customer.getId(), now.minus(Duration.ofDays(3)));
        ExpectationSnapshot newest = record(tenant, customer.getId(), now.minus(Duration.ofHours(1)));
        record(tenant, customer.getId(), now.minus(Duration.ofDays(10)));
        List<Long> granted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            granted.add(reserveEmailSurvey(tenant, customer.getId()).getLogEntry().getSequence());
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(granted).as("every contact granted").doesNotContain(0L);

        storeCommands.clear();
        CustomerView view = view(tenant, customer.getId(), 3);

        assertThat(view.getLatestExpectations().getId()).isEqualTo(newest.getId());
        assertThat(view.getLastContactsList()).extracting(ContactLogEntry::getSequence)
                .containsExactly(granted.get(4), granted.get(3), granted.get(2));
        assertReadByKey(storeCommands.sent());
    }

    @Test
    void racingAppendsLeaveTheNewestSnapshotPointedAt() throws Exception {
        String tenant = newTenant();
        Customer customer = create(tenant, person("Raced"));
        Instant now = clock.instant();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<ExpectationSnapshot>> appended = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                Instant observed = now.minus(Duration.ofMinutes((i * 7L) % 24));
                appended.add(pool.submit(() -> record(tenant, customer.getId(), observed)));
            }
            List<ExpectationSnapshot> all = new ArrayList<>();
            for (Future<ExpectationSnapshot> snapshot : appended) {
                all.add(snapshot.get());
            }
            ExpectationSnapshot expected = all.stream().max(Comparator
                    .comparing((ExpectationSnapshot s) -> Fixtures.instant(s.getObserveTime()))
                    .thenComparing(ExpectationSnapshot::getId)).orElseThrow();
            assertThat(view(tenant, customer.getId(), 0).getLatestExpectations().getId()).isEqualTo(expected.getId());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void snapshotsAndContactsStoredBeforeKeysAreFoundAndKeyed() {
        String tenant = newTenant();
        Customer customer = create(tenant, person("Earlier").setContactPreferences(allowing(
                ContactChannel.CONTACT_CHANNEL_EMAIL).setBudget(budget(20, Duration.ofDays(7)))));
        Instant now = clock.instant();
        ExpectationSnapshot newest = record(tenant, customer.getId(), now.minus(Duration.ofHours(2)));
        record(tenant, customer.getId(), now.minus(Duration.ofDays(2)));
        List<Long> granted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            granted.add(reserveEmailSurvey(tenant, customer.getId()).getLogEntry().getSequence());
            clock.advance(Duration.ofMinutes(1));
        }
        // As an earlier version left them: no pointer to the newest snapshot, no list of the latest contacts.
        database.getCollection(CustomerCollections.EXPECTATION_LATEST).deleteMany(Filters.or(
                Filters.eq("_id", tenant + "/" + customer.getId()), Filters.regex("_id", "^indexed:")));
        database.getCollection(CustomerCollections.CONTACT_STATES).updateMany(Filters.eq("tenant", tenant),
                Updates.unset("recentLogged"));

        CustomerView before = view(tenant, customer.getId(), 5);
        assertThat(before.getLatestExpectations().getId()).isEqualTo(newest.getId());
        assertThat(before.getLastContactsList()).extracting(ContactLogEntry::getSequence)
                .containsExactly(granted.get(2), granted.get(1), granted.get(0));

        CustomerCollections.createIndexes(database, new ExactKeyIndexes(true));
        granted.add(reserveEmailSurvey(tenant, customer.getId()).getLogEntry().getSequence());
        storeCommands.clear();
        CustomerView after = view(tenant, customer.getId(), 5);

        assertThat(after.getLatestExpectations().getId()).isEqualTo(newest.getId());
        assertThat(after.getLastContactsList()).extracting(ContactLogEntry::getSequence)
                .containsExactly(granted.get(3), granted.get(2), granted.get(1), granted.get(0));
        assertReadByKey(storeCommands.sent());
    }

    private CustomerView view(String tenant, String customerId, int contactLimit) {
        return as(tenant).getCustomerView(GetCustomerViewRequest.newBuilder().setCustomerId(customerId)
                .setContactLimit(contactLimit).build());
    }

    private ExpectationSnapshot record(String tenant, String customerId, Instant observed) {
        return as(tenant).createExpectationSnapshot(CreateExpectationSnapshotRequest.newBuilder()
                .setCustomerId(customerId).setSnapshot(snapshot().setObserveTime(ts(observed))).build());
    }

    private static void assertReadByKey(List<StoreCommands.Command> sent) {
        List<StoreCommands.Command> reads = sent.stream()
                .filter(command -> command.name().equals("find") && BY_KEY.containsKey(command.collection()))
                .toList();
        assertThat(reads).as("the view's reads of its own collections").isNotEmpty();
        assertThat(reads).allSatisfy(read -> assertThat(BY_KEY.get(read.collection()))
                .as("%s on %s", read.filterFields(), read.collection()).contains(read.filterFields()));
    }
}
