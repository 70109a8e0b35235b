package io.exceed.gateway.routes;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.exceed.gateway.rest.RouteTable;

class ContractRoutesTest {

    @Test
    void aFilterForARouteThatDoesNotExistFailsTheStart() {
        List<RouteFilters> typo = List.of(new RouteFilters(List.of("exceed.customer.v1.CustomerService.GetCustomr"),
                List.of("AddResponseHeader=X-Test, 1")));
        assertThatThrownBy(() -> new ContractRoutes(RouteTable.fromContracts(), typo))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exceed.gateway.route-filters: no route is or belongs to "
                        + "exceed.customer.v1.CustomerService.GetCustomr");
    }

    @Test
    void aRouteFilterEntryNeedsRoutes() {
        assertThatThrownBy(() -> new RouteFilters(List.of(), List.of("AddResponseHeader=X-Test, 1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("routes must name at least one route");
    }
}
