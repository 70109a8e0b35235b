package io.exceed.gateway.routes;

import java.util.List;

/** The argument of the filters and predicates that act for one contract route: its id ({@code route}). */
public class ContractRouteId {

    /** The shortcut form's one argument: {@code Name=<route id>}. */
    static final List<String> SHORTCUT = List.of("route");

    private String route;

    public String getRoute() {
        return route;
    }

    public void setRoute(String route) {
        this.route = route;
    }
}
