package io.exceed.customer;

import static io.exceed.customer.Fixtures.allowing;
import static io.exceed.customer.Fixtures.note;
import static io.exceed.customer.Fixtures.person;
import static io.exceed.customer.Fixtures.snapshot;
import static io.exceed.customer.Fixtures.ts;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.type.Money;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ContactPurpose;
import io.exceed.customer.v1.CheckCustomerRequest;
import io.exceed.customer.v1.ContactLogEntry;
import io.exceed.customer.v1.CreateExpectationSnapshotRequest;
import io.exceed.customer.v1.CreateTimelineEventRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerDirectoryServiceGrpc;
import io.exceed.customer.v1.CustomerState;
import io.exceed.customer.v1.CustomerValue;
import io.exceed.customer.v1.EraseCustomerRequest;
import io.exceed.customer.v1.EraseCustomerResponse;
import io.exceed.customer.v1.Segment;
import io.exceed.customer.v1.UpdateCustomerRequest;
import io.exceed.customer.v1.UpsertCustomerRequest;
import io.exceed.customer.v1.VerifyContactLogRequest;
import io.exceed.customer.v1.VerifyContactLogResponse;
import io.grpc.Status;

class ErasureTest extends CustomerTestSupport {

    private Customer fullCustomer(String tenant, String externalReference) {
        return create(tenant, person("Åsa Öberg")
                .setExternalReference(externalReference)
                .addEmails("asa@example.se")
                .addPhones("+46 70 123 45 67")
                .setSegment(Segment.newBuilder().putAttributes("region", "north")
                        .setCustomerSince(ts("2019-05-01T00:00:00Z")).addCompetitorProducts("RivalCRM"))
                .setValue(CustomerValue.newBuilder()
                        .setLifetimeValue(Money.newBuilder().setCurrencyCode("SEK").setUnits(1000)))
                .addTags("vip")
                .setAccountOwner("kim@tenant.example")
                .setContactPreferences(allowing(ContactChannel.CONTACT_CHANNEL_EMAIL)));
    }

    private EraseCustomerResponse erase(String tenant, String customerId) {
        return as(tenant).eraseCustomer(EraseCustomerRequest.newBuilder().setCustomerId(customerId).build());
    }

    private static void assertTombstone(Customer tombstone, String id) {
        assertThat(tombstone.getId()).isEqualTo(id);
        assertThat(tombstone.getState()).isEqualTo(CustomerState.CUSTOMER_STATE_ERASED);
        assertThat(tombstone.getDisplayName()).isEmpty();
        assertThat(tombstone.getEmailsList()).isEmpty();
        assertThat(tombstone.getPhonesList()).isEmpty();
        assertThat(tombstone.getExternalReference()).isEmpty();
        assertThat(tombstone.getTagsList()).isEmpty();
        assertThat(tombstone.getSegment().getAttributesMap()).isEmpty();
        assertThat(tombstone.getSegment().getCompetitorProductsList()).isEmpty();
        assertThat(tombstone.getSegment().hasCustomerSince()).isFalse();
        assertThat(tombstone.getAccountOwner()).isEmpty();
    }

    @Test
    void eraseLeavesATombstoneWithoutPersonalData() {
        String tenant = newTenant();
        Customer customer = fullCustomer(tenant, "crm-erase-1");

        EraseCustomerResponse response = erase(tenant, customer.getId());

        assertTombstone(response.getCustomer(), customer.getId());
        assertTombstone(get(tenant, customer.getId()), customer.getId());
    }

    @Test
    void erasingTwiceIsFine() {
        String tenant = newTenant();
        Customer customer = fullCustomer(tenant, "crm-erase-2");
        erase(tenant, customer.getId());

        EraseCustomerResponse again = erase(tenant, customer.getId());

        assertTombstone(again.getCustomer(), customer.getId());
    }

    @Test
    void theDirectoryTellsOtherServicesWhichCustomersMayStillHaveDataStored() {
        String tenant = newTenant();
        Customer active = fullCustomer(tenant, "crm-dir-1");
        Customer erased = fullCustomer(tenant, "crm-dir-2");
        erase(tenant, erased.getId());
        var directory = as(tenant, CustomerDirectoryServiceGrpc.newBlockingStub(channel));

        assertThat(directory.checkCustomer(CheckCustomerRequest.newBuilder().setCustomerId(active.getId()).build())
                .getCustomerId()).isEqualTo(active.getId());
        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED", () -> directory.checkCustomer(
                CheckCustomerRequest.newBuilder().setCustomerId(erased.getId()).build()));
        assertStatus(Status.Code.NOT_FOUND, () -> directory.checkCustomer(
                CheckCustomerRequest.newBuilder().setCustomerId("no-such-customer").build()));
        assertStatus(Status.Code.NOT_FOUND, () -> as(newTenant(), CustomerDirectoryServiceGrpc.newBlockingStub(
                channel)).checkCustomer(CheckCustomerRequest.newBuilder().setCustomerId(active.getId()).build()));
        assertInvalid(() -> directory.checkCustomer(CheckCustomerRequest.getDefaultInstance()), "customer_id");
    }

    @Test
    void erasingAnUnknownCustomerIsNotFound() {
        assertStatus(Status.Code.NOT_FOUND, () -> erase(newTenant(), "no-such-customer"));
    }

    @Test
    void nothingNewIsAcceptedForAnErasedCustomer() {
        String tenant = newTenant();
        Customer customer = fullCustomer(tenant, "crm-erase-3");
        String id = customer.getId();
        erase(tenant, id);

        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED",
                () -> as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                        .setCustomer(Customer.newBuilder().setId(id).setDisplayName("Back again"))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("display_name")).build()));
        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED",
                () -> as(tenant).createExpectationSnapshot(CreateExpectationSnapshotRequest.newBuilder()
                        .setCustomerId(id).setSnapshot(snapshot()).build()));
        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED",
                () -> as(tenant).createTimelineEvent(CreateTimelineEventRequest.newBuilder()
                        .setCustomerId(id).setEvent(note("after erasure")).build()));
        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED",
                () -> reserveEmailSurvey(tenant, id));
        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED",
                () -> reserve(tenant, id, ContactChannel.CONTACT_CHANNEL_EMAIL, ContactPurpose.CONTACT_PURPOSE_RECOVERY));

        assertTombstone(get(tenant, id), id);
    }

    @Test
    void theExternalReferenceIsFreed() {
        String tenant = newTenant();
        Customer customer = fullCustomer(tenant, "crm-reused");
        erase(tenant, customer.getId());

        Customer newcomer = create(tenant, person("New person").setExternalReference("crm-reused"));

        assertThat(newcomer.getId()).isNotEqualTo(customer.getId());
        assertThat(newcomer.getExternalReference()).isEqualTo("crm-reused");
        assertThat(listIds(tenant)).containsExactly(newcomer.getId());
    }

    @Test
    void upsertAfterErasureCreatesANewCustomer() {
        String tenant = newTenant();
        Customer customer = fullCustomer(tenant, "crm-upsert-erased");
        erase(tenant, customer.getId());

        var response = as(tenant).upsertCustomer(UpsertCustomerRequest.newBuilder()
                .setCustomer(person("Someone").setExternalReference("crm-upsert-erased")).build());

        assertThat(response.getCreated()).isTrue();
        assertThat(response.getCustomer().getId()).isNotEqualTo(customer.getId());
        assertTombstone(get(tenant, customer.getId()), customer.getId());
    }

    @Test
    void erasedCustomersAreNotListed() {
        String tenant = newTenant();
        Customer erased = fullCustomer(tenant, "crm-erase-4");
        Customer kept = create(tenant, "Kept");
        erase(tenant, erased.getId());

        assertThat(listIds(tenant)).containsExactly(kept.getId());
    }

    @Test
    void contactLogEntriesStayAndTheLogStillVerifies() {
        String tenant = newTenant();
        Customer customer = fullCustomer(tenant, "crm-erase-5");
        Customer other = create(tenant, person("Other").setContactPreferences(
                allowing(ContactChannel.CONTACT_CHANNEL_EMAIL)));
        ContactLogEntry first = reserveEmailSurvey(tenant, customer.getId()).getLogEntry();
        ContactLogEntry second = reserveEmailSurvey(tenant, other.getId()).getLogEntry();

        erase(tenant, customer.getId());
        ContactLogEntry third = reserveEmailSurvey(tenant, other.getId()).getLogEntry();

        assertThat(contactLog(tenant)).containsExactly(first, second, third);
        assertThat(contactLog(tenant, customer.getId())).containsExactly(first);
        VerifyContactLogResponse verify = as(tenant).verifyContactLog(VerifyContactLogRequest.getDefaultInstance());
        assertThat(verify.getIntact()).isTrue();
        assertThat(verify.getEntriesChecked()).isEqualTo(3);
        assertThat(verify.getHeadHash()).isEqualTo(third.getHash());
    }
}
