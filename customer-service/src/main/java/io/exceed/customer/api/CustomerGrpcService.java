package io.exceed.customer.api;

import static io.exceed.defaults.api.UnaryCalls.optional;
import static io.exceed.defaults.api.UnaryCalls.reply;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;

import com.google.protobuf.Empty;

import io.exceed.customer.application.CustomerViews;
import io.exceed.customer.client.ViewSection;
import io.exceed.customer.domain.Channel;
import io.exceed.customer.domain.ContactRequest;
import io.exceed.customer.domain.Contacts;
import io.exceed.customer.domain.Customer;
import io.exceed.customer.domain.CustomerFilter;
import io.exceed.customer.domain.Customers;
import io.exceed.customer.domain.ErasureRecord;
import io.exceed.customer.domain.Erasures;
import io.exceed.customer.domain.Expectations;
import io.exceed.customer.domain.MarkUndeliverable;
import io.exceed.customer.domain.Reachability;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.paging.Page;
import io.exceed.customer.domain.Timeline;
import io.exceed.customer.domain.UpdateCustomer;
import io.exceed.customer.domain.WithdrawConsent;
import io.exceed.customer.v1.ContactDecision;
import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.CreateExpectationSnapshotRequest;
import io.exceed.customer.v1.CreateTimelineEventRequest;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.CustomerView;
import io.exceed.customer.v1.CustomerViewSection;
import io.exceed.customer.v1.DeleteCustomerRequest;
import io.exceed.customer.v1.EraseCustomerRequest;
import io.exceed.customer.v1.EraseCustomerResponse;
import io.exceed.customer.v1.ErasurePart;
import io.exceed.customer.v1.ErasurePartState;
import io.exceed.customer.v1.ExpectationSnapshot;
import io.exceed.customer.v1.ExportCustomerRequest;
import io.exceed.customer.v1.ExportCustomerResponse;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.customer.v1.GetCustomerViewRequest;
import io.exceed.customer.v1.GetLatestExpectationSnapshotRequest;
import io.exceed.customer.v1.ListContactLogEntriesRequest;
import io.exceed.customer.v1.ListContactLogEntriesResponse;
import io.exceed.customer.v1.ListCustomersRequest;
import io.exceed.customer.v1.ListCustomersResponse;
import io.exceed.customer.v1.ListExpectationSnapshotsRequest;
import io.exceed.customer.v1.ListExpectationSnapshotsResponse;
import io.exceed.customer.v1.ListStaleExpectationsRequest;
import io.exceed.customer.v1.ListStaleExpectationsResponse;
import io.exceed.customer.v1.ListTimelineEventsRequest;
import io.exceed.customer.v1.ListTimelineEventsResponse;
import io.exceed.customer.v1.MarkEmailUndeliverableRequest;
import io.exceed.customer.v1.MarkPhoneUndeliverableRequest;
import io.exceed.customer.v1.ReserveContactRequest;
import io.exceed.customer.v1.ReserveContactResponse;
import io.exceed.customer.v1.SectionAvailability;
import io.exceed.customer.v1.StaleExpectation;
import io.exceed.customer.v1.TimelineEvent;
import io.exceed.customer.v1.UpdateCustomerRequest;
import io.exceed.customer.v1.UpsertCustomerRequest;
import io.exceed.customer.v1.UpsertCustomerResponse;
import io.exceed.customer.v1.VerifyContactLogRequest;
import io.exceed.customer.v1.VerifyContactLogResponse;
import io.exceed.customer.v1.WithdrawContactConsentRequest;
import io.exceed.defaults.api.PageRequest;
import io.exceed.defaults.api.RequestIds;
import io.exceed.defaults.error.InvalidArgumentException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.grpc.stub.StreamObserver;

/** The CustomerService contract over gRPC: maps messages to the domain and back, nothing more. */
@Service
public class CustomerGrpcService extends CustomerServiceGrpc.CustomerServiceImplBase {

    private static final String CUSTOMER = "customer.";
    private static final Pattern TIME_POSITION = Pattern.compile("-?\\d{1,19}/[0-9a-f-]{36}");
    private static final Pattern SEQUENCE_POSITION = Pattern.compile("\\d{1,19}");
    private static final int DEFAULT_VIEW_CONTACTS = 10;
    private static final int MAX_VIEW_CONTACTS = 50;

    private final Customers customers;
    private final Expectations expectations;
    private final Timeline timeline;
    private final Contacts contacts;
    private final Erasures erasures;
    private final CustomerViews views;
    private final Reachability reachability;

    public CustomerGrpcService(Customers customers, Expectations expectations, Timeline timeline, Contacts contacts,
            Erasures erasures, CustomerViews views, Reachability reachability) {
        this.customers = customers;
        this.expectations = expectations;
        this.timeline = timeline;
        this.contacts = contacts;
        this.erasures = erasures;
        this.views = views;
        this.reachability = reachability;
    }

    @Override
    public void createCustomer(CreateCustomerRequest request, StreamObserver<io.exceed.customer.v1.Customer> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        Customer created = customers.create(CurrentTenant.get(),
                CustomerMapper.profile(request.getCustomer(), CUSTOMER, violations),
                requestId, violations);
        reply(response, CustomerMapper.toProto(created));
    }

    @Override
    public void getCustomer(GetCustomerRequest request, StreamObserver<io.exceed.customer.v1.Customer> response) {
        reply(response, CustomerMapper.toProto(customers.get(CurrentTenant.get(),
                customerId(request.getCustomerId(), "customer_id"))));
    }

    @Override
    public void updateCustomer(UpdateCustomerRequest request, StreamObserver<io.exceed.customer.v1.Customer> response) {
        String id = customerId(request.getCustomer().getId(), "customer.id");
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        OptionalLong expectedVersion = optional(request.hasExpectedVersion(), request.getExpectedVersion());
        UpdateCustomer command = new UpdateCustomer(id, CustomerMapper.profile(request.getCustomer(), CUSTOMER,
                violations), request.getUpdateMask().getPathsList(), expectedVersion, requestId);
        Customer updated = customers.update(CurrentTenant.get(), command, violations);
        reply(response, CustomerMapper.toProto(updated));
    }

    @Override
    public void listCustomers(ListCustomersRequest request, StreamObserver<ListCustomersResponse> response) {
        Violations violations = new Violations();
        io.exceed.customer.domain.RelationshipState relationship = null;
        if (request.getRelationshipStateValue() != 0) {
            relationship = CustomerMapper.RELATIONSHIPS.toDomain(request.getRelationshipState());
            violations.require(relationship != null, "relationship_state", "is not a known relationship state");
        }
        violations.throwIfAny();
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                TimeOrderedIds::isId);
        CustomerFilter filter = new CustomerFilter(request.getTag(), request.getAccountOwner(), relationship,
                request.getSegmentAttributesMap(), request.getCompetitorProduct());
        Page<Customer> page = customers.list(CurrentTenant.get(), filter, paging.after(), paging.size());
        reply(response, ListCustomersResponse.newBuilder()
                .addAllCustomers(CustomerMapper.toProto(page.items()))
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
    }

    @Override
    public void upsertCustomer(UpsertCustomerRequest request, StreamObserver<UpsertCustomerResponse> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        Customers.Upserted upserted = customers.upsert(CurrentTenant.get(),
                CustomerMapper.profile(request.getCustomer(), CUSTOMER, violations), requestId, violations);
        reply(response, UpsertCustomerResponse.newBuilder()
                .setCustomer(CustomerMapper.toProto(upserted.customer()))
                .setCreated(upserted.created())
                .build());
    }

    @Override
    public void deleteCustomer(DeleteCustomerRequest request, StreamObserver<Empty> response) {
        checkRequestId(request.getRequestId());
        erasures.delete(CurrentTenant.get(), customerId(request.getCustomerId(), "customer_id"));
        reply(response, Empty.getDefaultInstance());
    }

    @Override
    public void exportCustomer(ExportCustomerRequest request, StreamObserver<ExportCustomerResponse> response) {
        Customers.Export export = customers.export(CurrentTenant.get(),
                customerId(request.getCustomerId(), "customer_id"));
        reply(response, ExportCustomerResponse.newBuilder()
                .setCustomer(CustomerMapper.toProto(export.customer()))
                .addAllExpectationSnapshots(export.snapshots().stream().map(CustomerMapper::toProto).toList())
                .addAllTimelineEvents(export.events().stream().map(CustomerMapper::toProto).toList())
                .addAllContactLogEntries(export.contactLog().stream().map(CustomerMapper::toProto).toList())
                .build());
    }

    @Override
    public void eraseCustomer(EraseCustomerRequest request, StreamObserver<EraseCustomerResponse> response) {
        checkRequestId(request.getRequestId());
        Erasures.Report report = erasures.erase(CurrentTenant.get(),
                customerId(request.getCustomerId(), "customer_id"));
        EraseCustomerResponse.Builder reply = EraseCustomerResponse.newBuilder()
                .setCustomer(CustomerMapper.toProto(report.tombstone()))
                .addParts(ErasurePart.newBuilder().setService(Erasures.LOCAL_PART)
                        .setState(ErasurePartState.ERASURE_PART_STATE_COMPLETED)
                        .setCompleteTime(CustomerMapper.timestamp(report.tombstone().updateTime())));
        for (String service : erasures.services()) {
            ErasureRecord.Part part = report.record().parts().get(service);
            ErasurePart.Builder status = ErasurePart.newBuilder().setService(service);
            if (part.completed()) {
                status.setState(ErasurePartState.ERASURE_PART_STATE_COMPLETED)
                        .setCompleteTime(CustomerMapper.timestamp(part.completeTime()));
            } else {
                status.setState(ErasurePartState.ERASURE_PART_STATE_PENDING).setReason(part.reason())
                        .setNextAttemptTime(CustomerMapper.timestamp(part.nextAttemptTime()));
            }
            reply.addParts(status);
        }
        reply(response, reply.build());
    }

    @Override
    public void getCustomerView(GetCustomerViewRequest request, StreamObserver<CustomerView> response) {
        String id = customerId(request.getCustomerId(), "customer_id");
        if (request.getContactLimit() < 0 || request.getContactLimit() > MAX_VIEW_CONTACTS) {
            throw InvalidArgumentException.of("contact_limit", "must be between 0 and " + MAX_VIEW_CONTACTS);
        }
        int limit = request.getContactLimit() == 0 ? DEFAULT_VIEW_CONTACTS : request.getContactLimit();
        CustomerViews.View found = views.view(CurrentTenant.get(), id, limit);
        CustomerView.Builder view = CustomerView.newBuilder().setCustomer(CustomerMapper.toProto(found.customer()));
        found.latestExpectations().ifPresent(latest -> view.setLatestExpectations(CustomerMapper.toProto(latest)));
        view.addSections(available("expectations"))
                .addAllLastContacts(found.lastContacts().stream().map(CustomerMapper::toProto).toList())
                .addSections(available("contacts"));
        if (found.feedbackSummary().isAvailable()) {
            view.setFeedbackSummary(found.feedbackSummary().value());
        }
        view.addSections(section("feedback", found.feedbackSummary()));
        if (found.openFollowUps().isAvailable()) {
            view.addAllOpenFollowUps(found.openFollowUps().value());
        }
        view.addSections(section("follow_ups", found.openFollowUps()));
        reply(response, view.build());
    }

    private static CustomerViewSection available(String name) {
        return CustomerViewSection.newBuilder().setName(name)
                .setAvailability(SectionAvailability.SECTION_AVAILABILITY_AVAILABLE).build();
    }

    private static CustomerViewSection section(String name, ViewSection<?> section) {
        return section.isAvailable() ? available(name) : CustomerViewSection.newBuilder().setName(name)
                .setAvailability(SectionAvailability.SECTION_AVAILABILITY_UNAVAILABLE)
                .setReason(section.unavailableReason()).build();
    }

    @Override
    public void createExpectationSnapshot(CreateExpectationSnapshotRequest request,
            StreamObserver<ExpectationSnapshot> response) {
        String id = customerId(request.getCustomerId(), "customer_id");
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        io.exceed.customer.domain.ExpectationSnapshot stored = expectations.append(CurrentTenant.get(), id,
                CustomerMapper.snapshot(request.getSnapshot(), violations), requestId, violations);
        reply(response, CustomerMapper.toProto(stored));
    }

    @Override
    public void getLatestExpectationSnapshot(GetLatestExpectationSnapshotRequest request,
            StreamObserver<ExpectationSnapshot> response) {
        reply(response, CustomerMapper.toProto(
                expectations.latest(CurrentTenant.get(), customerId(request.getCustomerId(), "customer_id"))));
    }

    @Override
    public void listExpectationSnapshots(ListExpectationSnapshotsRequest request,
            StreamObserver<ListExpectationSnapshotsResponse> response) {
        String id = customerId(request.getCustomerId(), "customer_id");
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                TIME_POSITION.asMatchPredicate());
        Page<io.exceed.customer.domain.ExpectationSnapshot> page = expectations.list(CurrentTenant.get(),
                id, paging.after(), paging.size());
        reply(response, ListExpectationSnapshotsResponse.newBuilder()
                .addAllSnapshots(page.items().stream().map(CustomerMapper::toProto).toList())
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
    }

    @Override
    public void listStaleExpectations(ListStaleExpectationsRequest request,
            StreamObserver<ListStaleExpectationsResponse> response) {
        java.time.Duration maxAge = null;
        if (request.hasMaxAge()) {
            maxAge = CustomerMapper.duration(request.getMaxAge());
            if (!maxAge.isPositive()) {
                throw InvalidArgumentException.of("max_age", "must be positive");
            }
        }
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                TimeOrderedIds::isId);
        Page<Customer> page = expectations.stale(CurrentTenant.get(), maxAge, paging.after(), paging.size());
        ListStaleExpectationsResponse.Builder reply = ListStaleExpectationsResponse.newBuilder()
                .setNextPageToken(paging.nextPageToken(page.nextPosition()));
        for (Customer customer : page.items()) {
            StaleExpectation.Builder stale = StaleExpectation.newBuilder()
                    .setCustomerId(customer.id())
                    .setExternalReference(customer.profile().externalReference());
            if (customer.latestExpectationTime() != null) {
                stale.setLatestObserveTime(CustomerMapper.timestamp(customer.latestExpectationTime()));
            }
            reply.addStaleExpectations(stale);
        }
        reply(response, reply.build());
    }

    @Override
    public void createTimelineEvent(CreateTimelineEventRequest request, StreamObserver<TimelineEvent> response) {
        String id = customerId(request.getCustomerId(), "customer_id");
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        io.exceed.customer.domain.TimelineEvent recorded = timeline.record(CurrentTenant.get(), id,
                CustomerMapper.timelineEvent(request.getEvent(), violations), requestId, violations);
        reply(response, CustomerMapper.toProto(recorded));
    }

    @Override
    public void listTimelineEvents(ListTimelineEventsRequest request, StreamObserver<ListTimelineEventsResponse> response) {
        String id = customerId(request.getCustomerId(), "customer_id");
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                TIME_POSITION.asMatchPredicate());
        Page<io.exceed.customer.domain.TimelineEvent> page = timeline.list(CurrentTenant.get(),
                id, paging.after(), paging.size());
        reply(response, ListTimelineEventsResponse.newBuilder()
                .addAllEvents(page.items().stream().map(CustomerMapper::toProto).toList())
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
    }

    @Override
    public void reserveContact(ReserveContactRequest request, StreamObserver<ReserveContactResponse> response) {
        String id = customerId(request.getCustomerId(), "customer_id");
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        ContactRequest contact = new ContactRequest(id, CustomerMapper.CHANNELS.toDomain(request.getChannel()),
                CustomerMapper.PURPOSES.toDomain(request.getPurpose()), request.getActor());
        Contacts.Reservation reservation = contacts.reserve(CurrentTenant.get(), contact, requestId, violations);
        ReserveContactResponse.Builder reply = ReserveContactResponse.newBuilder();
        if (reservation.decision().isGranted()) {
            reply.setDecision(ContactDecision.CONTACT_DECISION_GRANTED)
                    .setLogEntry(CustomerMapper.toProto(reservation.logEntry()));
        } else {
            reply.setDecision(ContactDecision.CONTACT_DECISION_DENIED)
                    .setDenialReason(CustomerMapper.toProto(reservation.decision().denialReason()));
            if (reservation.decision().nextAllowedTime() != null) {
                reply.setNextAllowedTime(CustomerMapper.timestamp(reservation.decision().nextAllowedTime()));
            }
            reservation.decision().allowedChannels()
                    .forEach(channel -> reply.addAllowedChannels(CustomerMapper.CHANNELS.toProto(channel)));
        }
        reply(response, reply.build());
    }

    @Override
    public void withdrawContactConsent(WithdrawContactConsentRequest request,
            StreamObserver<io.exceed.customer.v1.Customer> response) {
        String id = customerId(request.getCustomerId(), "customer_id");
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        WithdrawConsent command = new WithdrawConsent(id, CustomerMapper.CHANNELS.toDomain(request.getChannel()),
                request.getSource(), requestId);
        reply(response, CustomerMapper.toProto(reachability.withdrawConsent(CurrentTenant.get(), command, violations)));
    }

    @Override
    public void markEmailUndeliverable(MarkEmailUndeliverableRequest request,
            StreamObserver<io.exceed.customer.v1.Customer> response) {
        markUndeliverable(request.getCustomerId(), Channel.EMAIL, request.getEmailAddress(), request.getReason(),
                request.getRequestId(), response);
    }

    @Override
    public void markPhoneUndeliverable(MarkPhoneUndeliverableRequest request,
            StreamObserver<io.exceed.customer.v1.Customer> response) {
        markUndeliverable(request.getCustomerId(), Channel.SMS, request.getPhone(), request.getReason(),
                request.getRequestId(), response);
    }

    private void markUndeliverable(String customerId, Channel channel, String address, String reason,
            String requestId, StreamObserver<io.exceed.customer.v1.Customer> response) {
        String id = customerId(customerId, "customer_id");
        Violations violations = new Violations();
        Optional<String> checkedRequestId = RequestIds.check(requestId, violations);
        MarkUndeliverable command = new MarkUndeliverable(id, channel, address, reason, checkedRequestId);
        reply(response, CustomerMapper.toProto(reachability.markUndeliverable(CurrentTenant.get(), command,
                violations)));
    }

    @Override
    public void listContactLogEntries(ListContactLogEntriesRequest request,
            StreamObserver<ListContactLogEntriesResponse> response) {
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                SEQUENCE_POSITION.asMatchPredicate());
        Optional<String> customerId = request.getCustomerId().isEmpty() ? Optional.empty()
                : Optional.of(request.getCustomerId());
        Page<io.exceed.customer.domain.ContactLogEntry> page = contacts.log(CurrentTenant.get(),
                customerId, paging.after(), paging.size());
        reply(response, ListContactLogEntriesResponse.newBuilder()
                .addAllEntries(page.items().stream().map(CustomerMapper::toProto).toList())
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
    }

    @Override
    public void verifyContactLog(VerifyContactLogRequest request, StreamObserver<VerifyContactLogResponse> response) {
        Contacts.Verification verification = contacts.verify(CurrentTenant.get());
        reply(response, VerifyContactLogResponse.newBuilder()
                .setIntact(verification.intact())
                .setEntriesChecked(verification.entriesChecked())
                .setFirstBrokenSequence(verification.firstBrokenSequence())
                .setHeadHash(verification.headHash())
                .build());
    }


    private static String customerId(String id, String field) {
        if (id.isEmpty()) {
            throw InvalidArgumentException.of(field, "is required");
        }
        return id;
    }

    private static void checkRequestId(String requestId) {
        Violations violations = new Violations();
        RequestIds.check(requestId, violations);
        violations.throwIfAny();
    }
}
