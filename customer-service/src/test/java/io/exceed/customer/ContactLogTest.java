package io.exceed.customer;

import static io.exceed.customer.Fixtures.allowing;
import static io.exceed.customer.Fixtures.budget;
import static io.exceed.customer.Fixtures.person;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.common.v1.ContactChannel;
import io.exceed.customer.v1.ContactLogEntry;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.ListContactLogEntriesRequest;
import io.exceed.customer.v1.ListContactLogEntriesResponse;
import io.exceed.customer.v1.VerifyContactLogRequest;
import io.exceed.customer.v1.VerifyContactLogResponse;

class ContactLogTest extends CustomerTestSupport {

    @Autowired
    private MongoDatabase database;

    private Customer contactable(String tenant) {
        return create(tenant, person("Logged").setContactPreferences(
                allowing(ContactChannel.CONTACT_CHANNEL_EMAIL).setBudget(budget(100, Duration.ofDays(7)))));
    }

    private VerifyContactLogResponse verify(String tenant) {
        return as(tenant).verifyContactLog(VerifyContactLogRequest.getDefaultInstance());
    }

    @Test
    void emptyLogVerifies() {
        String tenant = newTenant();
        VerifyContactLogResponse verify = verify(tenant);

        assertThat(verify.getIntact()).isTrue();
        assertThat(verify.getEntriesChecked()).isZero();
        assertThat(verify.getFirstBrokenSequence()).isZero();
        assertThat(as(tenant).listContactLogEntries(ListContactLogEntriesRequest.getDefaultInstance())
                .getEntriesList()).isEmpty();
    }

    @Test
    void listsTheTenantsEntriesInSequenceOrderWithAnOptionalCustomerFilter() {
        String tenant = newTenant();
        Customer a = contactable(tenant);
        Customer b = contactable(tenant);
        List<String> order = List.of(a.getId(), b.getId(), a.getId(), a.getId(), b.getId());
        List<ContactLogEntry> granted = new ArrayList<>();
        for (String id : order) {
            granted.add(reserveEmailSurvey(tenant, id).getLogEntry());
            clock.advance(Duration.ofMinutes(1));
        }

        List<ContactLogEntry> all = contactLog(tenant);
        assertThat(all).containsExactlyElementsOf(granted);
        assertThat(all).extracting(ContactLogEntry::getSequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(all).extracting(ContactLogEntry::getCustomerId).containsExactlyElementsOf(order);
        assertThat(all.get(0).getPreviousHash()).isEqualTo("0".repeat(64));
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).getPreviousHash()).isEqualTo(all.get(i - 1).getHash());
        }

        assertThat(contactLog(tenant, a.getId())).extracting(ContactLogEntry::getSequence).containsExactly(1L, 3L, 4L);
        assertThat(contactLog(tenant, b.getId())).extracting(ContactLogEntry::getSequence).containsExactly(2L, 5L);
    }

    @Test
    void theLogIsPaged() {
        String tenant = newTenant();
        Customer a = contactable(tenant);
        Customer b = contactable(tenant);
        for (int i = 0; i < 5; i++) {
            reserveEmailSurvey(tenant, a.getId());
            reserveEmailSurvey(tenant, b.getId());
        }

        List<Long> sequences = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListContactLogEntriesResponse page = as(tenant).listContactLogEntries(ListContactLogEntriesRequest
                    .newBuilder().setPageSize(3).setPageToken(token).build());
            assertThat(page.getEntriesCount()).isLessThanOrEqualTo(3);
            page.getEntriesList().forEach(e -> sequences.add(e.getSequence()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty() && pages < 20);
        assertThat(sequences).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(pages).isEqualTo(4);

        List<Long> forA = new ArrayList<>();
        token = "";
        pages = 0;
        do {
            ListContactLogEntriesResponse page = as(tenant).listContactLogEntries(ListContactLogEntriesRequest
                    .newBuilder().setCustomerId(a.getId()).setPageSize(2).setPageToken(token).build());
            page.getEntriesList().forEach(e -> forA.add(e.getSequence()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty() && pages < 20);
        assertThat(forA).containsExactly(1L, 3L, 5L, 7L, 9L);
    }

    @Test
    void pageTokenIsBoundToTheCustomerFilter() {
        String tenant = newTenant();
        Customer a = contactable(tenant);
        Customer b = contactable(tenant);
        for (int i = 0; i < 3; i++) {
            reserveEmailSurvey(tenant, a.getId());
            reserveEmailSurvey(tenant, b.getId());
        }
        ListContactLogEntriesResponse first = as(tenant).listContactLogEntries(ListContactLogEntriesRequest
                .newBuilder().setCustomerId(a.getId()).setPageSize(1).build());
        assertThat(first.getNextPageToken()).isNotEmpty();

        assertInvalid(() -> as(tenant).listContactLogEntries(ListContactLogEntriesRequest.newBuilder()
                .setCustomerId(b.getId()).setPageSize(1).setPageToken(first.getNextPageToken()).build()), "page_token");
        assertInvalid(() -> as(tenant).listContactLogEntries(ListContactLogEntriesRequest.newBuilder()
                .setPageToken("garbage").build()), "page_token");
        assertInvalid(() -> as(tenant).listContactLogEntries(ListContactLogEntriesRequest.newBuilder()
                .setPageSize(501).build()), "page_size");
    }

    @Test
    void intactLogVerifies() {
        String tenant = newTenant();
        Customer a = contactable(tenant);
        List<ContactLogEntry> granted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            granted.add(reserveEmailSurvey(tenant, a.getId()).getLogEntry());
        }

        VerifyContactLogResponse verify = verify(tenant);

        assertThat(verify.getIntact()).isTrue();
        assertThat(verify.getEntriesChecked()).isEqualTo(4);
        assertThat(verify.getFirstBrokenSequence()).isZero();
        assertThat(verify.getHeadHash()).isEqualTo(granted.get(3).getHash());
    }

    @Test
    void aChangedEntryBreaksTheChain() {
        String tenant = newTenant();
        Customer a = contactable(tenant);
        for (int i = 0; i < 4; i++) {
            reserveEmailSurvey(tenant, a.getId());
        }
        assertThat(verify(tenant).getIntact()).isTrue();

        Document stored = database.getCollection("contact_log")
                .find(Filters.and(Filters.eq("tenant", tenant), Filters.eq("sequence", 2L))).first();
        assertThat(stored).as("stored entry 2 of %s", tenant).isNotNull();
        assertThat(stored.getString("actor")).isEqualTo("survey-scheduler");
        long modified = database.getCollection("contact_log").updateOne(
                Filters.and(Filters.eq("tenant", tenant), Filters.eq("sequence", 2L)),
                Updates.set("actor", "someone-else")).getModifiedCount();
        assertThat(modified).isEqualTo(1);

        VerifyContactLogResponse verify = verify(tenant);
        assertThat(verify.getIntact()).isFalse();
        assertThat(verify.getFirstBrokenSequence()).isEqualTo(2);
    }

    @Test
    void aRemovedEntryBreaksTheChain() {
        String tenant = newTenant();
        Customer a = contactable(tenant);
        for (int i = 0; i < 5; i++) {
            reserveEmailSurvey(tenant, a.getId());
        }

        long deleted = database.getCollection("contact_log").deleteOne(
                Filters.and(Filters.eq("tenant", tenant), Filters.eq("sequence", 3L))).getDeletedCount();
        assertThat(deleted).isEqualTo(1);

        VerifyContactLogResponse verify = verify(tenant);
        assertThat(verify.getIntact()).isFalse();
        // Entry 3 is missing: the break is reported at the gap (3) or at the entry after it (4).
        assertThat(verify.getFirstBrokenSequence()).isBetween(3L, 4L);
    }

    @Test
    void tamperingInOneTenantDoesNotAffectAnother() {
        String tenantA = newTenant();
        String tenantB = newTenant();
        Customer a = contactable(tenantA);
        Customer b = contactable(tenantB);
        for (int i = 0; i < 3; i++) {
            reserveEmailSurvey(tenantA, a.getId());
            reserveEmailSurvey(tenantB, b.getId());
        }

        database.getCollection("contact_log").updateOne(
                Filters.and(Filters.eq("tenant", tenantA), Filters.eq("sequence", 3L)),
                Updates.set("actor", "forged"));

        VerifyContactLogResponse verifyA = verify(tenantA);
        assertThat(verifyA.getIntact()).isFalse();
        assertThat(verifyA.getFirstBrokenSequence()).isEqualTo(3);
        VerifyContactLogResponse verifyB = verify(tenantB);
        assertThat(verifyB.getIntact()).isTrue();
        assertThat(verifyB.getEntriesChecked()).isEqualTo(3);
    }

    @Test
    void eachTenantHasItsOwnLogAndSequence() {
        String tenantA = newTenant();
        String tenantB = newTenant();
        Customer a = contactable(tenantA);
        Customer b = contactable(tenantB);

        ContactLogEntry a1 = reserveEmailSurvey(tenantA, a.getId()).getLogEntry();
        ContactLogEntry a2 = reserveEmailSurvey(tenantA, a.getId()).getLogEntry();
        ContactLogEntry b1 = reserveEmailSurvey(tenantB, b.getId()).getLogEntry();
        ContactLogEntry a3 = reserveEmailSurvey(tenantA, a.getId()).getLogEntry();

        assertThat(List.of(a1.getSequence(), a2.getSequence(), a3.getSequence())).containsExactly(1L, 2L, 3L);
        assertThat(b1.getSequence()).isEqualTo(1);
        assertThat(b1.getPreviousHash()).isEqualTo("0".repeat(64));
        assertThat(contactLog(tenantA)).containsExactly(a1, a2, a3);
        assertThat(contactLog(tenantB)).containsExactly(b1);
        assertThat(verify(tenantA).getEntriesChecked()).isEqualTo(3);
        assertThat(verify(tenantB).getEntriesChecked()).isEqualTo(1);
        assertThat(verify(tenantB).getHeadHash()).isEqualTo(b1.getHash());
    }

    @Test
    void deniedReservationsLeaveNoGaps() {
        String tenant = newTenant();
        Customer limited = create(tenant, person("Limited").setContactPreferences(
                allowing(ContactChannel.CONTACT_CHANNEL_EMAIL).setBudget(budget(1, Duration.ofDays(7)))));
        Customer open = contactable(tenant);

        reserveEmailSurvey(tenant, limited.getId());
        reserveEmailSurvey(tenant, limited.getId()); // denied: budget
        reserve(tenant, open.getId(), ContactChannel.CONTACT_CHANNEL_PHONE,
                io.exceed.common.v1.ContactPurpose.CONTACT_PURPOSE_RECOVERY); // denied: consent
        reserveEmailSurvey(tenant, open.getId());

        assertThat(contactLog(tenant)).extracting(ContactLogEntry::getSequence).containsExactly(1L, 2L);
        assertThat(verify(tenant).getIntact()).isTrue();
    }
}
