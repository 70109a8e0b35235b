package io.exceed.customer;

import static io.exceed.customer.Fixtures.allowing;
import static io.exceed.customer.Fixtures.note;
import static io.exceed.customer.Fixtures.person;
import static io.exceed.customer.Fixtures.snapshot;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ContactPurpose;
import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.CreateExpectationSnapshotRequest;
import io.exceed.customer.v1.CreateTimelineEventRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import io.exceed.customer.v1.DeleteCustomerRequest;
import io.exceed.customer.v1.EraseCustomerRequest;
import io.exceed.customer.v1.ExportCustomerRequest;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.customer.v1.GetLatestExpectationSnapshotRequest;
import io.exceed.customer.v1.ListCustomersRequest;
import io.exceed.customer.v1.ListExpectationSnapshotsRequest;
import io.exceed.customer.v1.ListStaleExpectationsRequest;
import io.exceed.customer.v1.ListTimelineEventsRequest;
import io.exceed.customer.v1.ReserveContactRequest;
import io.exceed.customer.v1.StaleExpectation;
import io.exceed.customer.v1.UpdateCustomerRequest;
import io.exceed.customer.v1.UpsertCustomerRequest;
import io.exceed.customer.v1.VerifyContactLogRequest;
import io.grpc.Status;

class TenantIsolationTest extends CustomerTestSupport {

    private CustomerServiceBlockingStub withoutTenant() {
        return CustomerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @Test
    void callsWithoutTenantAreUnauthenticated() {
        assertStatus(Status.Code.UNAUTHENTICATED, () -> withoutTenant().createCustomer(
                CreateCustomerRequest.newBuilder().setCustomer(person("A")).build()));
        assertStatus(Status.Code.UNAUTHENTICATED, () -> withoutTenant().listCustomers(
                ListCustomersRequest.getDefaultInstance()));
        assertStatus(Status.Code.UNAUTHENTICATED, () -> withoutTenant().verifyContactLog(
                VerifyContactLogRequest.getDefaultInstance()));
    }

    @Test
    void callsWithMalformedTenantAreUnauthenticated() {
        for (String malformed : List.of("", "Tenant A", "UPPER", "-leading-dash", "t".repeat(64), "a/b")) {
            assertStatus(Status.Code.UNAUTHENTICATED, () -> as(malformed).listCustomers(
                    ListCustomersRequest.getDefaultInstance()));
        }
        assertStatus(Status.Code.UNAUTHENTICATED, () -> as("bad tenant").createCustomer(
                CreateCustomerRequest.newBuilder().setCustomer(person("A")).build()));
    }

    @Test
    void anotherTenantCannotReadOrChangeACustomer() {
        String tenantA = newTenant();
        String tenantB = newTenant();
        Customer customer = create(tenantA, person("Alice A").setExternalReference("shared-ref")
                .setContactPreferences(allowing(ContactChannel.CONTACT_CHANNEL_EMAIL)));
        String id = customer.getId();
        as(tenantA).createExpectationSnapshot(CreateExpectationSnapshotRequest.newBuilder()
                .setCustomerId(id).setSnapshot(snapshot()).build());
        as(tenantA).createTimelineEvent(CreateTimelineEventRequest.newBuilder()
                .setCustomerId(id).setEvent(note("private note")).build());
        assertThat(reserveEmailSurvey(tenantA, id).hasLogEntry()).isTrue();
        Customer before = get(tenantA, id);
        create(tenantB, "Bob B");
        CustomerServiceBlockingStub b = as(tenantB);

        List<ThrowingCallable> calls = List.of(
                () -> b.getCustomer(GetCustomerRequest.newBuilder().setCustomerId(id).build()),
                () -> b.exportCustomer(ExportCustomerRequest.newBuilder().setCustomerId(id).build()),
                () -> b.listTimelineEvents(ListTimelineEventsRequest.newBuilder().setCustomerId(id).build()),
                () -> b.listExpectationSnapshots(ListExpectationSnapshotsRequest.newBuilder().setCustomerId(id).build()),
                () -> b.getLatestExpectationSnapshot(
                        GetLatestExpectationSnapshotRequest.newBuilder().setCustomerId(id).build()),
                () -> b.updateCustomer(UpdateCustomerRequest.newBuilder()
                        .setCustomer(Customer.newBuilder().setId(id).setDisplayName("hijacked"))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("display_name")).build()),
                () -> b.deleteCustomer(DeleteCustomerRequest.newBuilder().setCustomerId(id).build()),
                () -> b.eraseCustomer(EraseCustomerRequest.newBuilder().setCustomerId(id).build()),
                () -> b.reserveContact(ReserveContactRequest.newBuilder().setCustomerId(id)
                        .setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL)
                        .setPurpose(ContactPurpose.CONTACT_PURPOSE_RECOVERY).setActor("intruder").build()),
                () -> b.createExpectationSnapshot(CreateExpectationSnapshotRequest.newBuilder()
                        .setCustomerId(id).setSnapshot(snapshot()).build()),
                () -> b.createTimelineEvent(CreateTimelineEventRequest.newBuilder()
                        .setCustomerId(id).setEvent(note("intrusion")).build()));
        for (ThrowingCallable call : calls) {
            assertStatus(Status.Code.NOT_FOUND, call);
        }

        assertThat(listAll(tenantB)).extracting(Customer::getId).doesNotContain(id);
        assertThat(get(tenantA, id)).isEqualTo(before);
        assertThat(as(tenantA).listTimelineEvents(ListTimelineEventsRequest.newBuilder().setCustomerId(id).build())
                .getEventsList()).hasSize(1);
        assertThat(as(tenantA).listExpectationSnapshots(ListExpectationSnapshotsRequest.newBuilder()
                .setCustomerId(id).build()).getSnapshotsList()).hasSize(1);
        assertThat(contactLog(tenantA)).hasSize(1);
        assertThat(contactLog(tenantB)).isEmpty();
    }

    @Test
    void anotherTenantCannotReadTheContactLogOfACustomer() {
        String tenantA = newTenant();
        String tenantB = newTenant();
        Customer customer = create(tenantA, person("Carl").setContactPreferences(
                allowing(ContactChannel.CONTACT_CHANNEL_EMAIL)));
        reserveEmailSurvey(tenantA, customer.getId());

        assertStatus(Status.Code.NOT_FOUND, () -> contactLog(tenantB, customer.getId()));
        assertThat(contactLog(tenantB)).isEmpty();
        assertThat(as(tenantB).verifyContactLog(VerifyContactLogRequest.getDefaultInstance()).getEntriesChecked())
                .isZero();
    }

    @Test
    void upsertInAnotherTenantDoesNotTouchTheFirstTenantsCustomer() {
        String tenantA = newTenant();
        String tenantB = newTenant();
        var a = as(tenantA).upsertCustomer(UpsertCustomerRequest.newBuilder()
                .setCustomer(person("Dora").setExternalReference("erp-1")).build());
        var b = as(tenantB).upsertCustomer(UpsertCustomerRequest.newBuilder()
                .setCustomer(person("Someone else").setExternalReference("erp-1")).build());

        assertThat(b.getCreated()).isTrue();
        assertThat(b.getCustomer().getId()).isNotEqualTo(a.getCustomer().getId());
        assertThat(get(tenantA, a.getCustomer().getId()).getDisplayName()).isEqualTo("Dora");
        assertThat(get(tenantA, a.getCustomer().getId()).getVersion()).isEqualTo(1);
    }

    @Test
    void listsAndStaleExpectationsShowOnlyTheTenantsOwnCustomers() {
        String tenantA = newTenant();
        String tenantB = newTenant();
        Customer a1 = create(tenantA, "A1");
        Customer a2 = create(tenantA, "A2");
        Customer b1 = create(tenantB, "B1");

        assertThat(listIds(tenantA)).containsExactly(a1.getId(), a2.getId());
        assertThat(listIds(tenantB)).containsExactly(b1.getId());
        assertThat(as(tenantB).listStaleExpectations(ListStaleExpectationsRequest.getDefaultInstance())
                .getStaleExpectationsList()).extracting(StaleExpectation::getCustomerId)
                .containsExactly(b1.getId());
    }
}
