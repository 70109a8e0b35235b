package io.exceed.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.bson.Document;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import com.google.type.TimeOfDay;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ContactPurpose;
import io.exceed.common.v1.Driver;
import io.exceed.common.v1.ServiceDimension;
import io.exceed.customer.v1.ContactPreferences;
import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.CreateExpectationSnapshotRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import io.exceed.customer.v1.DimensionExpectation;
import io.exceed.customer.v1.DriverWeight;
import io.exceed.customer.v1.ExpectationSnapshot;
import io.exceed.customer.v1.ExpectationSource;
import io.exceed.customer.v1.QuietHours;
import io.exceed.customer.v1.ReserveContactRequest;
import io.exceed.customer.v1.ReserveContactResponse;
import io.exceed.followup.v1.CompleteFollowUpRequest;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.FollowUpServiceGrpc.FollowUpServiceBlockingStub;
import io.exceed.followup.v1.Outcome;
import io.exceed.followup.v1.StartFollowUpRequest;
import io.grpc.ManagedChannel;

/**
 * Scenario 10's seeding: a template made through a service's own API, its documents read back from the store,
 * and many copies of them written straight into the store in bulk, each with new ids and keys. The copies have
 * exactly the shape the service's store classes write, pointers and per-customer state included, without the
 * harness restating that shape; only the fields that identify a document or must be unique change.
 */
final class StoredCopies {

    private static final String CUSTOMERS = "customers";
    private static final String SNAPSHOTS = "expectation_snapshots";
    private static final String LATEST = "expectation_latest";
    private static final String CONTACT_STATES = "contact_states";
    private static final String CONTACT_LOG = "contact_log";
    private static final String CONTACT_LOG_HEADS = "contact_log_heads";
    private static final String FOLLOW_UPS = "follow_ups";
    private static final String REQUEST_KEY = "requestKey";
    /** Snapshots and contacts of the template customer: each copy adds this many of each. */
    private static final int PER_CUSTOMER = 4;
    private static final long DEADLINE_SECONDS = 30;

    private StoredCopies() {
    }

    /** A customer whose contacts are always granted: no quiet hours, and reserved for recovery (beyond budget). */
    static String contactableCustomer(CustomerServiceBlockingStub customers, String name) {
        TimeOfDay midnight = TimeOfDay.getDefaultInstance();
        return customers.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).createCustomer(
                CreateCustomerRequest.newBuilder().setCustomer(Customer.newBuilder().setDisplayName(name)
                        .addEmails("growth@example.com").addPhones("+46700000000").setLanguage("en")
                        .setTimeZone("Europe/Stockholm").setAccountOwner("anna@example.com")
                        .setContactPreferences(ContactPreferences.newBuilder()
                                .addAllowedChannels(ContactChannel.CONTACT_CHANNEL_PHONE)
                                .addAllowedChannels(ContactChannel.CONTACT_CHANNEL_EMAIL)
                                .setQuietHours(QuietHours.newBuilder().setStart(midnight).setEnd(midnight))))
                        .build()).getId();
    }

    /** Reserves a recovery call, which {@link #contactableCustomer} always grants; a denial is an error. */
    static void reserve(CustomerServiceBlockingStub customers, String customerId) {
        ReserveContactResponse reply = customers.reserveContact(ReserveContactRequest.newBuilder()
                .setCustomerId(customerId).setChannel(ContactChannel.CONTACT_CHANNEL_PHONE)
                .setPurpose(ContactPurpose.CONTACT_PURPOSE_RECOVERY).setActor("bench").build());
        if (!reply.hasLogEntry()) {
            throw new IllegalStateException("contact denied: " + reply.getDenialReason());
        }
    }

    /**
     * A customer made through customer-service's API with {@value #PER_CUSTOMER} expectation snapshots and
     * {@value #PER_CUSTOMER} contacts reserved, and its documents as stored: the customer, its snapshots and
     * pointer to the newest, its contact state and its contact-log entries.
     */
    static CustomerTemplate customerTemplate(CustomerServiceBlockingStub customers, String uri) {
        String id = contactableCustomer(customers, "Template");
        for (int i = 0; i < PER_CUSTOMER; i++) {
            customers.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).createExpectationSnapshot(
                    CreateExpectationSnapshotRequest.newBuilder().setCustomerId(id).setSnapshot(ExpectationSnapshot
                            .newBuilder().setSource(ExpectationSource.EXPECTATION_SOURCE_SURVEY)
                            .addDriverWeights(DriverWeight.newBuilder().setDriver(Driver.DRIVER_QUALITY)
                                    .setWeight(60))
                            .addDriverWeights(DriverWeight.newBuilder().setDriver(Driver.DRIVER_PRICE).setWeight(40))
                            .addDimensionLevels(DimensionExpectation.newBuilder()
                                    .setDimension(ServiceDimension.SERVICE_DIMENSION_RELIABILITY)
                                    .setExpectedLevel(70 + i)))
                            .build());
            reserve(customers.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS), id);
        }
        return new CustomerTemplate(uri, id);
    }

    /** The template customer's documents, and how to copy them. */
    static final class CustomerTemplate {

        private final String uri;
        private final String tenantPrefix = Tenants.TENANT + "/";
        private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
        private final Random random = new Random(42);
        private final String customerId;

        private CustomerTemplate(String uri, String customerId) {
            this.uri = uri;
            this.customerId = customerId;
        }

        /**
         * Writes {@code count / PER_CUSTOMER} copies of the template customer (at least one): as many expectation
         * snapshots and contact-log entries as {@code count}. The log entries continue the tenant's log from its
         * head, which then points at the last; their hashes link each to the one before but are random, not the
         * service's (nothing measured checks them; VerifyContactLog would report them).
         */
        void copy(int count) {
            try (MongoClient client = MongoClients.create(uri)) {
                MongoDatabase database = client.getDatabase("customer-service");
                // Read now, not when the template was made: the outbox has been relayed meanwhile.
                Document customer = database.getCollection(CUSTOMERS).find(Filters.eq("_id", customerId)).first();
                List<Document> snapshots = database.getCollection(SNAPSHOTS).find(Filters.eq("customerId", customerId))
                        .into(new ArrayList<>());
                Document latest = database.getCollection(LATEST).find(Filters.eq("_id", tenantPrefix + customerId))
                        .first();
                Document state = database.getCollection(CONTACT_STATES)
                        .find(Filters.eq("_id", tenantPrefix + customerId)).first();
                List<Document> log = database.getCollection(CONTACT_LOG).find(Filters.eq("customerId", customerId))
                        .sort(Sorts.ascending("sequence")).into(new ArrayList<>());
                Document head = database.getCollection(CONTACT_LOG_HEADS).find(Filters.eq("_id", Tenants.TENANT))
                        .first();
                if (customer == null || snapshots.size() != PER_CUSTOMER || latest == null || state == null
                        || log.size() != PER_CUSTOMER || head == null) {
                    throw new IllegalStateException("the template customer's documents are not all stored");
                }
                long sequence = head.getLong("sequence");
                String hash = head.getString("hash");
                try (BulkWriter writer = new BulkWriter(database)) {
                    for (int c = 0; c < Math.max(1, count / PER_CUSTOMER); c++) {
                        String id = ids.generate().toString();
                        writer.add(CUSTOMERS, copyOf(customer).append("_id", id).append(REQUEST_KEY, "id:" + id)
                                .append("externalReferenceKey", "id:" + id).append("appliedRequestIds", List.of())
                                .append("outbox", List.of()));
                        Map<String, String> snapshotIds = new HashMap<>();
                        for (Document snapshot : snapshots) {
                            String snapshotId = ids.generate().toString();
                            snapshotIds.put(snapshot.getString("_id"), snapshotId);
                            writer.add(SNAPSHOTS, copyOf(snapshot).append("_id", snapshotId).append("customerId", id)
                                    .append(REQUEST_KEY, "id:" + snapshotId));
                        }
                        writer.add(LATEST, copyOf(latest).append("_id", tenantPrefix + id)
                                .append("snapshotId", snapshotIds.get(latest.getString("snapshotId"))));
                        Map<String, String> reservations = new HashMap<>();
                        List<Long> sequences = new ArrayList<>();
                        for (Document entry : log) {
                            String reservationId = ids.generate().toString();
                            reservations.put(entry.getString("reservationId"), reservationId);
                            String next = HexFormat.of().formatHex(randomBytes());
                            Document copy = copyOf(entry).append("reservationId", reservationId)
                                    .append("customerId", id).append("sequence", ++sequence)
                                    .append("previousHash", hash).append("hash", next);
                            copy.remove("_id");
                            writer.add(CONTACT_LOG, copy);
                            sequences.add(sequence);
                            hash = next;
                        }
                        writer.add(CONTACT_STATES, copyOf(state).append("_id", tenantPrefix + id)
                                .append("customerId", id)
                                .append("grants", state.getList("grants", Document.class).stream()
                                        .map(grant -> copyOf(grant).append("customerId", id).append("reservationId",
                                                reservations.getOrDefault(grant.getString("reservationId"),
                                                        ids.generate().toString())))
                                        .toList())
                                .append("unlogged", List.of()).append("recentLogged", sequences));
                    }
                }
                database.getCollection(CONTACT_LOG_HEADS).replaceOne(Filters.eq("_id", Tenants.TENANT),
                        copyOf(head).append("sequence", sequence).append("hash", hash), new ReplaceOptions());
            }
        }

        private byte[] randomBytes() {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            return bytes;
        }
    }

    /** A follow-up not yet due and one done, made through followup-service's API, as stored. */
    static FollowUpTemplates followUpTemplates(ManagedChannel followUps, String uri) throws InterruptedException {
        FollowUpServiceBlockingStub stub = Tenants.asTenant(FollowUpServiceGrpc.newBlockingStub(followUps))
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
        Instant due = Instant.now().plus(Duration.ofDays(7));
        String open = stub.createFollowUp(CreateFollowUpRequest.newBuilder().setActor("bench")
                .setFollowUp(DirectGrpc.followUp("c-template", "growth-template/open", due, Duration.ofDays(8)))
                .build()).getId();
        FollowUp done = stub.createFollowUp(CreateFollowUpRequest.newBuilder().setActor("bench")
                .setFollowUp(DirectGrpc.followUp("c-template", "growth-template/done", due, Duration.ofDays(8)))
                .build());
        stub.startFollowUp(StartFollowUpRequest.newBuilder().setFollowUpId(done.getId()).setActor("bench").build());
        stub.completeFollowUp(CompleteFollowUpRequest.newBuilder().setFollowUpId(done.getId()).setActor("bench")
                .setOutcome(Outcome.newBuilder().setNotes("called back").setTrustRestored(true)
                        .setCustomerSatisfied(true))
                .build());
        FollowUpTemplates templates = new FollowUpTemplates(uri, open, done.getId());
        templates.awaitSettled();
        return templates;
    }

    /** The two follow-ups' documents, and how to copy them. */
    static final class FollowUpTemplates {

        private final String uri;
        private final String openId;
        private final String doneId;
        private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();

        private FollowUpTemplates(String uri, String openId, String doneId) {
            this.uri = uri;
            this.openId = openId;
            this.doneId = doneId;
        }

        /**
         * Waits until the scheduler has fired what was due on the templates (completing one leaves a milestone due
         * at once): copied before, every done copy would be due, and the scheduler would work through them all
         * before the burst measured.
         */
        private void awaitSettled() throws InterruptedException {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            try (MongoClient client = MongoClients.create(uri)) {
                MongoDatabase database = client.getDatabase("followup-service");
                while (true) {
                    Document open = database.getCollection(FOLLOW_UPS).find(Filters.eq("_id", openId)).first();
                    Document done = database.getCollection(FOLLOW_UPS).find(Filters.eq("_id", doneId)).first();
                    if (open != null && done != null && notDue(open) && notDue(done)) {
                        return;
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("the template follow-ups still have milestones due");
                    }
                    Thread.sleep(500);
                }
            }
        }

        private static boolean notDue(Document followUp) {
            Date next = followUp.getDate("nextFireTime");
            return next == null || next.toInstant().isAfter(Instant.now().plus(Duration.ofDays(1)));
        }

        /** Writes copies number {@code from} to {@code from + count - 1}: even ones not yet due, odd ones done. */
        void copy(int from, int count) {
            try (MongoClient client = MongoClients.create(uri)) {
                MongoDatabase database = client.getDatabase("followup-service");
                Document open = database.getCollection(FOLLOW_UPS).find(Filters.eq("_id", openId)).first();
                Document done = database.getCollection(FOLLOW_UPS).find(Filters.eq("_id", doneId)).first();
                if (open == null || done == null || !"DONE".equals(done.getString("status")) || !notDue(open)
                        || !notDue(done)) {
                    throw new IllegalStateException("the template follow-ups are not stored as expected");
                }
                try (BulkWriter writer = new BulkWriter(database)) {
                    for (int i = from; i < from + count; i++) {
                        String id = ids.generate().toString();
                        writer.add(FOLLOW_UPS, copyOf(i % 2 == 0 ? open : done).append("_id", id)
                                .append(REQUEST_KEY, "id:" + id).append("sourceReference", "growth/" + i)
                                .append("customerId", "c-" + i % 5_000));
                    }
                }
            }
        }
    }

    /** A copy deep enough that changing its top-level fields leaves the template as it was. */
    private static Document copyOf(Document template) {
        return new Document(template);
    }
}
