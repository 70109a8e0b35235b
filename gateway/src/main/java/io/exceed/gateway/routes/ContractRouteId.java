package io.exceed.gateway.routes;

/** The argument of the filters and predicates that act for one contract route: its id ({@code route}). */
public class ContractRouteId {

    private String route;

    public String getRoute() {
        return route;
    }

    public void setRoute(String route) {
        this.route = route;
    }
}
