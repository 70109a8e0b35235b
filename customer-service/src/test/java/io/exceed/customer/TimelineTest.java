package io.exceed.customer;

import io.exceed.testing.MutableClock;

import static io.exceed.customer.Fixtures.instant;
import static io.exceed.customer.Fixtures.note;
import static io.exceed.customer.Fixtures.ts;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertInvalidUnder;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.type.Money;

import io.exceed.customer.v1.ContractEvent;
import io.exceed.customer.v1.ContractEventKind;
import io.exceed.customer.v1.CreateTimelineEventRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.ListTimelineEventsRequest;
import io.exceed.customer.v1.ListTimelineEventsResponse;
import io.exceed.customer.v1.Note;
import io.exceed.customer.v1.Order;
import io.exceed.customer.v1.TimelineEvent;
import io.grpc.Status;

class TimelineTest extends CustomerTestSupport {

    private static final Instant NOW = MutableClock.DEFAULT_NOW;

    private TimelineEvent record(String tenant, String customerId, TimelineEvent.Builder event) {
        return as(tenant).createTimelineEvent(CreateTimelineEventRequest.newBuilder()
                .setCustomerId(customerId).setEvent(event).build());
    }

    private List<TimelineEvent> timeline(String tenant, String customerId) {
        return as(tenant).listTimelineEvents(ListTimelineEventsRequest.newBuilder()
                .setCustomerId(customerId).setPageSize(500).build()).getEventsList();
    }

    private void rejects(TimelineEvent.Builder event, String... fields) {
        String tenant = newTenant();
        Customer customer = create(tenant, "Timeline");
        assertInvalid(() -> record(tenant, customer.getId(), event), fields);
        assertThat(timeline(tenant, customer.getId())).isEmpty();
    }

    private void rejectsUnder(TimelineEvent.Builder event, String prefix) {
        String tenant = newTenant();
        Customer customer = create(tenant, "Timeline");
        assertInvalidUnder(() -> record(tenant, customer.getId(), event), prefix);
        assertThat(timeline(tenant, customer.getId())).isEmpty();
    }

    private static TimelineEvent.Builder order(String reference, String currency, long units) {
        return TimelineEvent.newBuilder().setOrder(Order.newBuilder().setOrderReference(reference)
                .setValue(Money.newBuilder().setCurrencyCode(currency).setUnits(units)));
    }

    @Test
    void noteIsRecordedWithDefaultOccurTime() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Anna");

        TimelineEvent event = record(tenant, customer.getId(), note("Called about the invoice"));

        assertThat(event.getId()).isNotBlank();
        assertThat(event.getCustomerId()).isEqualTo(customer.getId());
        assertThat(event.getDetailCase()).isEqualTo(TimelineEvent.DetailCase.NOTE);
        assertThat(event.getNote().getText()).isEqualTo("Called about the invoice");
        assertThat(event.getNote().getAuthor()).isEqualTo("agent-7");
        assertThat(instant(event.getOccurTime())).isEqualTo(NOW);
        assertThat(instant(event.getRecordTime())).isEqualTo(NOW);
        assertThat(timeline(tenant, customer.getId())).containsExactly(event);
    }

    @Test
    void orderAndContractEventAreRecorded() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Bo");

        TimelineEvent order = record(tenant, customer.getId(), order("ORD-1001", "SEK", 2499)
                .setOccurTime(ts("2026-02-01T08:00:00Z")));
        TimelineEvent contract = record(tenant, customer.getId(), TimelineEvent.newBuilder()
                .setContractEvent(ContractEvent.newBuilder()
                        .setKind(ContractEventKind.CONTRACT_EVENT_KIND_TERMINATION_NOTICE)
                        .setContractReference("C-77").setDetails("Moving to a competitor")));

        assertThat(order.getOrder().getOrderReference()).isEqualTo("ORD-1001");
        assertThat(order.getOrder().getValue().getCurrencyCode()).isEqualTo("SEK");
        assertThat(order.getOrder().getValue().getUnits()).isEqualTo(2499);
        assertThat(instant(order.getOccurTime())).isEqualTo(Instant.parse("2026-02-01T08:00:00Z"));
        assertThat(instant(order.getRecordTime())).isEqualTo(NOW);
        assertThat(contract.getContractEvent().getKind())
                .isEqualTo(ContractEventKind.CONTRACT_EVENT_KIND_TERMINATION_NOTICE);
        assertThat(contract.getContractEvent().getContractReference()).isEqualTo("C-77");
        assertThat(contract.getContractEvent().getDetails()).isEqualTo("Moving to a competitor");
        assertThat(timeline(tenant, customer.getId())).containsExactly(contract, order);
    }

    @Test
    void anEventNeedsADetail() {
        rejects(TimelineEvent.newBuilder(), "event.detail");
        rejects(TimelineEvent.newBuilder().setOccurTime(ts("2026-01-01T00:00:00Z")), "event.detail");
    }

    @Test
    void orderNeedsAReferenceAndAPositiveValue() {
        rejects(order("", "SEK", 100), "event.order.order_reference");
        rejects(TimelineEvent.newBuilder().setOrder(Order.newBuilder().setOrderReference("ORD-1")),
                "event.order.value");
        rejectsUnder(order("ORD-1", "SEK", 0), "event.order.value");
        rejectsUnder(order("ORD-1", "SEK", -10), "event.order.value");
        rejectsUnder(order("ORD-1", "", 10), "event.order.value");
        rejectsUnder(order("ORD-1", "kr", 10), "event.order.value");
        rejects(order("o".repeat(201), "SEK", 10), "event.order.order_reference");
    }

    @Test
    void contractEventNeedsAKind() {
        rejects(TimelineEvent.newBuilder().setContractEvent(ContractEvent.newBuilder().setContractReference("C-1")),
                "event.contract_event.kind");
    }

    @Test
    void noteNeedsTextOfAtMost4000Characters() {
        rejects(TimelineEvent.newBuilder().setNote(Note.newBuilder().setAuthor("x")), "event.note.text");
        rejects(note("n".repeat(4001)), "event.note.text");

        String tenant = newTenant();
        Customer customer = create(tenant, "C");
        assertThat(record(tenant, customer.getId(), note("n".repeat(4000))).getNote().getText()).hasSize(4000);
    }

    @Test
    void occurTimeMustNotBeInTheFuture() {
        rejects(note("later").setOccurTime(ts(NOW.plusSeconds(60))), "event.occur_time");
    }

    @Test
    void eventForAnUnknownCustomerIsNotFound() {
        assertStatus(Status.Code.NOT_FOUND, () -> record(newTenant(), "no-such-customer", note("x")));
        assertStatus(Status.Code.NOT_FOUND, () -> timeline(newTenant(), "no-such-customer"));
    }

    @Test
    void sameRequestIdReturnsTheFirstEvent() {
        String tenant = newTenant();
        Customer customer = create(tenant, "D");
        CreateTimelineEventRequest request = CreateTimelineEventRequest.newBuilder()
                .setCustomerId(customer.getId()).setEvent(note("once")).setRequestId("tl-1").build();

        TimelineEvent first = as(tenant).createTimelineEvent(request);
        clock.advance(Duration.ofMinutes(1));
        TimelineEvent second = as(tenant).createTimelineEvent(request);

        assertThat(second).isEqualTo(first);
        assertThat(timeline(tenant, customer.getId())).containsExactly(first);
    }

    @Test
    void listIsNewestOccurTimeFirstAndPaged() {
        String tenant = newTenant();
        Customer customer = create(tenant, "E");
        List<Integer> hoursAgo = List.of(5, 48, 1, 300, 24, 2, 0);
        for (int h : hoursAgo) {
            record(tenant, customer.getId(), note(h + " hours ago").setOccurTime(ts(NOW.minus(Duration.ofHours(h)))));
        }

        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListTimelineEventsResponse page = as(tenant).listTimelineEvents(ListTimelineEventsRequest.newBuilder()
                    .setCustomerId(customer.getId()).setPageSize(3).setPageToken(token).build());
            assertThat(page.getEventsCount()).isLessThanOrEqualTo(3);
            page.getEventsList().forEach(e -> seen.add(e.getNote().getText()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty() && pages < 10);

        assertThat(seen).containsExactly("0 hours ago", "1 hours ago", "2 hours ago", "5 hours ago",
                "24 hours ago", "48 hours ago", "300 hours ago");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void listRejectsBadPaging() {
        String tenant = newTenant();
        Customer customer = create(tenant, "F");
        assertInvalid(() -> as(tenant).listTimelineEvents(ListTimelineEventsRequest.newBuilder()
                .setCustomerId(customer.getId()).setPageSize(-5).build()), "page_size");
        assertInvalid(() -> as(tenant).listTimelineEvents(ListTimelineEventsRequest.newBuilder()
                .setCustomerId(customer.getId()).setPageToken("not-a-token").build()), "page_token");
    }

    @Test
    void timelinesAreKeptPerCustomer() {
        String tenant = newTenant();
        Customer a = create(tenant, "A");
        Customer b = create(tenant, "B");
        TimelineEvent forA = record(tenant, a.getId(), note("for a"));
        TimelineEvent forB = record(tenant, b.getId(), note("for b"));

        assertThat(timeline(tenant, a.getId())).containsExactly(forA);
        assertThat(timeline(tenant, b.getId())).containsExactly(forB);
    }
}
