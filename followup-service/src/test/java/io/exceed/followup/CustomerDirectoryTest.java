package io.exceed.followup;

import static io.exceed.followup.FollowUpFixtures.followUp;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoDatabase;

import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.grpc.Status;

/**
 * A follow-up is stored only for a customer customer-service (a fake on a real port) says the tenant has: an unknown
 * customer is NOT_FOUND, an erased one CUSTOMER_ERASED, and while the directory cannot be asked the call is
 * UNAVAILABLE; none of them stores anything.
 */
class CustomerDirectoryTest extends FollowUpServiceTestBase {

    private final FakeCustomers customers = FakeCustomers.INSTANCE;

    @Autowired
    private MongoDatabase database;

    @AfterEach
    void directoryUp() {
        customers.directory.down(false);
    }

    private FollowUp create(String tenant, String customerId) {
        return as(tenant, FollowUpServiceGrpc.newBlockingStub(channel)).createFollowUp(CreateFollowUpRequest
                .newBuilder().setActor("crm").setFollowUp(followUp(clock.instant(), "complaint/" + UUID.randomUUID())
                        .setCustomerId(customerId))
                .build());
    }

    private long stored(String tenant) {
        return database.getCollection("follow_ups").countDocuments(new Document("tenant", tenant));
    }

    @Test
    void aCustomerTheTenantDoesNotHaveGetsNoFollowUp() {
        String tenant = newTenant();
        String madeUp = "cust-" + UUID.randomUUID();
        customers.directory.unknown(tenant, madeUp);

        assertStatus(Status.Code.NOT_FOUND, () -> create(tenant, madeUp));

        assertThat(stored(tenant)).isZero();
    }

    @Test
    void aCustomerErasedInCustomerServiceGetsNoFollowUpEvenBeforeTheErasureReachesThisService() {
        String tenant = newTenant();
        String erased = "cust-" + UUID.randomUUID();
        customers.directory.erased(tenant, erased);

        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED", () -> create(tenant, erased));

        assertThat(stored(tenant)).isZero();
    }

    @Test
    void whileCustomerServiceCannotBeAskedNothingIsStoredUnchecked() {
        String tenant = newTenant();
        customers.directory.down(true);

        assertStatus(Status.Code.UNAVAILABLE, () -> create(tenant, "cust-" + UUID.randomUUID()));

        assertThat(stored(tenant)).isZero();
        customers.directory.down(false);
        assertThat(create(tenant, "cust-" + UUID.randomUUID()).getId()).isNotEmpty();
    }
}
