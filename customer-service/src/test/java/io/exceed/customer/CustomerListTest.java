package io.exceed.customer;

import static io.exceed.customer.Fixtures.person;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.EraseCustomerRequest;
import io.exceed.customer.v1.ListCustomersRequest;
import io.exceed.customer.v1.ListCustomersResponse;
import io.exceed.customer.v1.RelationshipState;
import io.exceed.customer.v1.Segment;

class CustomerListTest extends CustomerTestSupport {

    private List<Customer> createMany(String tenant, int count) {
        List<Customer> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(create(tenant, "Customer " + i));
            clock.advance(Duration.ofSeconds(1));
        }
        return created;
    }

    @Test
    void listsActiveCustomersInCreationOrderWithAscendingIds() {
        String tenant = newTenant();
        List<Customer> created = createMany(tenant, 5);

        ListCustomersResponse response = as(tenant).listCustomers(ListCustomersRequest.getDefaultInstance());

        List<String> ids = response.getCustomersList().stream().map(Customer::getId).toList();
        assertThat(ids).containsExactlyElementsOf(created.stream().map(Customer::getId).toList());
        assertThat(ids).isSorted();
        assertThat(response.getNextPageToken()).isEmpty();
        assertThat(response.getCustomersList()).containsExactlyElementsOf(created);
    }

    @Test
    void emptyTenantListsNothing() {
        ListCustomersResponse response = as(newTenant()).listCustomers(ListCustomersRequest.getDefaultInstance());
        assertThat(response.getCustomersList()).isEmpty();
        assertThat(response.getNextPageToken()).isEmpty();
    }

    @Test
    void pageSizeZeroMeansFifty() {
        String tenant = newTenant();
        createMany(tenant, 52);

        ListCustomersResponse first = as(tenant).listCustomers(ListCustomersRequest.newBuilder().setPageSize(0).build());

        assertThat(first.getCustomersList()).hasSize(50);
        assertThat(first.getNextPageToken()).isNotEmpty();
        ListCustomersResponse second = as(tenant).listCustomers(ListCustomersRequest.newBuilder()
                .setPageToken(first.getNextPageToken()).build());
        assertThat(second.getCustomersList()).hasSize(2);
        assertThat(second.getNextPageToken()).isEmpty();
    }

    @Test
    void pageSizeOutOfRangeIsRejected() {
        String tenant = newTenant();
        assertInvalid(() -> as(tenant).listCustomers(ListCustomersRequest.newBuilder().setPageSize(501).build()),
                "page_size");
        assertInvalid(() -> as(tenant).listCustomers(ListCustomersRequest.newBuilder().setPageSize(-1).build()),
                "page_size");
        assertThat(as(tenant).listCustomers(ListCustomersRequest.newBuilder().setPageSize(500).build())
                .getCustomersList()).isEmpty();
    }

    @Test
    void pagingReturnsEveryCustomerExactlyOnce() {
        String tenant = newTenant();
        List<Customer> created = createMany(tenant, 7);

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = "";
        do {
            ListCustomersResponse page = as(tenant).listCustomers(ListCustomersRequest.newBuilder()
                    .setPageSize(3).setPageToken(token).build());
            page.getCustomersList().forEach(c -> seen.add(c.getId()));
            pageSizes.add(page.getCustomersCount());
            token = page.getNextPageToken();
        } while (!token.isEmpty() && pageSizes.size() < 10);

        assertThat(seen).containsExactlyElementsOf(created.stream().map(Customer::getId).toList());
        assertThat(pageSizes).startsWith(3, 3);
        assertThat(pageSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
        assertThat(token).isEmpty();
    }

    @Test
    void exactlyFullLastPageEndsWithAnEmptyTokenEventually() {
        String tenant = newTenant();
        createMany(tenant, 4);

        ListCustomersResponse first = as(tenant).listCustomers(ListCustomersRequest.newBuilder().setPageSize(2).build());
        ListCustomersResponse second = as(tenant).listCustomers(ListCustomersRequest.newBuilder().setPageSize(2)
                .setPageToken(first.getNextPageToken()).build());

        assertThat(first.getCustomersList()).hasSize(2);
        assertThat(second.getCustomersList()).hasSize(2);
        if (!second.getNextPageToken().isEmpty()) {
            ListCustomersResponse third = as(tenant).listCustomers(ListCustomersRequest.newBuilder().setPageSize(2)
                    .setPageToken(second.getNextPageToken()).build());
            assertThat(third.getCustomersList()).isEmpty();
            assertThat(third.getNextPageToken()).isEmpty();
        }
    }

    @Test
    void customersCreatedWhilePagingAreNotSkippedOrRepeated() {
        String tenant = newTenant();
        List<Customer> created = new ArrayList<>(createMany(tenant, 3));

        ListCustomersResponse first = as(tenant).listCustomers(ListCustomersRequest.newBuilder().setPageSize(2).build());
        created.add(create(tenant, "Late one"));
        List<String> rest = listAll(tenant, ListCustomersRequest.newBuilder().setPageSize(2)
                .setPageToken(first.getNextPageToken()).build()).stream().map(Customer::getId).toList();

        List<String> all = new ArrayList<>(first.getCustomersList().stream().map(Customer::getId).toList());
        all.addAll(rest);
        assertThat(all).containsExactlyElementsOf(created.stream().map(Customer::getId).toList());
    }

    @Test
    void garbagePageTokenIsRejected() {
        String tenant = newTenant();
        createMany(tenant, 2);
        for (String garbage : List.of("garbage", "!!!", "MQ", "eyJ4IjoxfQ")) {
            assertInvalid(() -> as(tenant).listCustomers(ListCustomersRequest.newBuilder()
                    .setPageToken(garbage).build()), "page_token");
        }
    }

    @Test
    void pageTokenReusedWithOtherFiltersIsRejected() {
        String tenant = newTenant();
        for (int i = 0; i < 3; i++) {
            create(tenant, person("Tagged " + i).addTags("gold"));
        }
        ListCustomersResponse first = as(tenant).listCustomers(ListCustomersRequest.newBuilder()
                .setPageSize(1).setTag("gold").build());
        assertThat(first.getNextPageToken()).isNotEmpty();

        assertInvalid(() -> as(tenant).listCustomers(ListCustomersRequest.newBuilder()
                .setPageSize(1).setTag("silver").setPageToken(first.getNextPageToken()).build()), "page_token");
        assertInvalid(() -> as(tenant).listCustomers(ListCustomersRequest.newBuilder()
                .setPageSize(1).setPageToken(first.getNextPageToken()).build()), "page_token");

        // The same filters with another page size are fine.
        ListCustomersResponse rest = as(tenant).listCustomers(ListCustomersRequest.newBuilder()
                .setPageSize(5).setTag("gold").setPageToken(first.getNextPageToken()).build());
        assertThat(rest.getCustomersList()).hasSize(2);
    }

    @Test
    void filterByTag() {
        String tenant = newTenant();
        Customer gold = create(tenant, person("Gold").addTags("gold").addTags("nordics"));
        create(tenant, person("Silver").addTags("silver"));
        Customer gold2 = create(tenant, person("Gold 2").addTags("gold"));
        create(tenant, "Untagged");

        assertThat(ids(tenant, ListCustomersRequest.newBuilder().setTag("gold").build()))
                .containsExactly(gold.getId(), gold2.getId());
        assertThat(ids(tenant, ListCustomersRequest.newBuilder().setTag("nordics").build()))
                .containsExactly(gold.getId());
        assertThat(ids(tenant, ListCustomersRequest.newBuilder().setTag("bronze").build())).isEmpty();
    }

    @Test
    void filterByAccountOwner() {
        String tenant = newTenant();
        Customer owned = create(tenant, person("Owned").setAccountOwner("kim@tenant.example"));
        create(tenant, person("Other").setAccountOwner("lo@tenant.example"));
        create(tenant, "Unowned");

        assertThat(ids(tenant, ListCustomersRequest.newBuilder().setAccountOwner("kim@tenant.example").build()))
                .containsExactly(owned.getId());
    }

    @Test
    void filterByRelationshipState() {
        String tenant = newTenant();
        Customer a = create(tenant, "A");
        Customer b = create(tenant, "B");

        assertThat(ids(tenant, ListCustomersRequest.newBuilder()
                .setRelationshipState(RelationshipState.RELATIONSHIP_STATE_UNRATED).build()))
                .containsExactly(a.getId(), b.getId());
        assertThat(ids(tenant, ListCustomersRequest.newBuilder()
                .setRelationshipState(RelationshipState.RELATIONSHIP_STATE_ADVOCATE).build())).isEmpty();
    }

    @Test
    void filterBySegmentAttributesRequiresAllToMatch() {
        String tenant = newTenant();
        Customer northYoung = create(tenant, person("NY").setSegment(Segment.newBuilder()
                .putAttributes("region", "north").putAttributes("age_band", "18_29").putAttributes("industry", "retail")));
        Customer northOld = create(tenant, person("NO").setSegment(Segment.newBuilder()
                .putAttributes("region", "north").putAttributes("age_band", "60_plus")));
        create(tenant, person("SY").setSegment(Segment.newBuilder()
                .putAttributes("region", "south").putAttributes("age_band", "18_29")));
        create(tenant, "No segment");

        assertThat(ids(tenant, ListCustomersRequest.newBuilder().putSegmentAttributes("region", "north").build()))
                .containsExactly(northYoung.getId(), northOld.getId());
        assertThat(ids(tenant, ListCustomersRequest.newBuilder()
                .putSegmentAttributes("region", "north").putSegmentAttributes("age_band", "18_29").build()))
                .containsExactly(northYoung.getId());
        assertThat(ids(tenant, ListCustomersRequest.newBuilder()
                .putSegmentAttributes("region", "north").putSegmentAttributes("income_band", "high").build()))
                .isEmpty();
    }

    @Test
    void filterByCompetitorProduct() {
        String tenant = newTenant();
        Customer rival = create(tenant, person("R").setSegment(Segment.newBuilder()
                .addCompetitorProducts("RivalCRM").addCompetitorProducts("OtherSuite")));
        Customer other = create(tenant, person("O").setSegment(Segment.newBuilder()
                .addCompetitorProducts("OtherSuite")));
        create(tenant, "None");

        assertThat(ids(tenant, ListCustomersRequest.newBuilder().setCompetitorProduct("RivalCRM").build()))
                .containsExactly(rival.getId());
        assertThat(ids(tenant, ListCustomersRequest.newBuilder().setCompetitorProduct("OtherSuite").build()))
                .containsExactly(rival.getId(), other.getId());
    }

    @Test
    void filtersCombine() {
        String tenant = newTenant();
        Customer match = create(tenant, person("M").addTags("gold").setAccountOwner("kim"));
        create(tenant, person("Tag only").addTags("gold").setAccountOwner("lo"));
        create(tenant, person("Owner only").addTags("silver").setAccountOwner("kim"));

        assertThat(ids(tenant, ListCustomersRequest.newBuilder().setTag("gold").setAccountOwner("kim").build()))
                .containsExactly(match.getId());
    }

    @Test
    void filteredPagingReturnsEveryMatchExactlyOnce() {
        String tenant = newTenant();
        List<String> gold = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Customer c = create(tenant, person("C" + i).addTags(i % 2 == 0 ? "gold" : "silver"));
            if (i % 2 == 0) {
                gold.add(c.getId());
            }
        }
        List<String> seen = ids(tenant, ListCustomersRequest.newBuilder().setTag("gold").setPageSize(2).build());
        assertThat(seen).containsExactlyElementsOf(gold);
        Set<String> unique = new HashSet<>(seen);
        assertThat(unique).hasSize(5);
    }

    @Test
    void erasedCustomersAreNotListed() {
        String tenant = newTenant();
        Customer keep = create(tenant, "Keep");
        Customer erase = create(tenant, person("Erase").addTags("gold"));
        as(tenant).eraseCustomer(EraseCustomerRequest.newBuilder().setCustomerId(erase.getId()).build());

        assertThat(listIds(tenant)).containsExactly(keep.getId());
    }

    private List<String> ids(String tenant, ListCustomersRequest request) {
        return listAll(tenant, request).stream().map(Customer::getId).toList();
    }
}
