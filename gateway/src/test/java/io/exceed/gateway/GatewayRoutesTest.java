package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.exceed.gateway.rest.RestRoute;
import io.exceed.gateway.rest.RouteTable;

/**
 * The REST API is Spring Cloud Gateway's routes: the management port lists one per contract binding, and a
 * platform team adds a filter to some of them, or to all, by configuration alone.
 */
@TestPropertySource(properties = {
        "exceed.gateway.route-filters[0].routes[0]=exceed.customer.v1.CustomerService.GetCustomer",
        "exceed.gateway.route-filters[0].filters[0]=AddResponseHeader=Cache-Control, no-store",
        "exceed.gateway.route-filters[1].routes[0]=exceed.followup.v1.WebhookService",
        "exceed.gateway.route-filters[1].filters[0]=AddResponseHeader=X-Served-By, webhooks",
        "spring.cloud.gateway.server.webflux.default-filters[0]=AddResponseHeader=X-Api-Version, 1"})
class GatewayRoutesTest extends GatewayTestBase {

    @LocalManagementPort
    int managementPort;

    @Test
    void theManagementPortListsOneRoutePerContractBindingWithItsFilters() {
        Map<String, JsonObject> routes = routes();
        List<RestRoute> bindings = RouteTable.fromContracts().routes();
        assertThat(routes).hasSize(bindings.size() + 1).containsKey("unmatched-contract-path");
        assertThat(routes.keySet()).containsAll(bindings.stream().map(route -> route.method().getFullName())
                .collect(Collectors.toSet()));
        assertThat(routes).containsKey("exceed.followup.v1.PlaybookService.GetPlaybook-2");

        JsonObject getCustomer = routes.get("exceed.customer.v1.CustomerService.GetCustomer");
        assertThat(getCustomer.get("uri").getAsString()).isEqualTo("grpc://customer-service");
        assertThat(getCustomer.get("predicate").getAsString())
                .contains("ContractRoute: GET /v1/customers/{customer_id}");
        assertThat(getCustomer.getAsJsonObject("metadata").get("grpc-method").getAsString())
                .isEqualTo("exceed.customer.v1.CustomerService.GetCustomer");
        assertThat(filters(getCustomer)).anySatisfy(filter -> assertThat(filter).contains("RequestRateLimiter"))
                .anySatisfy(filter -> assertThat(filter).contains("RequireScope [customers:read]"))
                .anySatisfy(filter -> assertThat(filter).contains("Cache-Control"))
                .anySatisfy(filter -> assertThat(filter).contains("X-Api-Version"));
        assertThat(filters(getCustomer)).noneSatisfy(filter -> assertThat(filter).contains("Idempotency"))
                .anySatisfy(filter -> assertThat(filter).contains("ConditionalRead"));
        assertThat(filters(routes.get("exceed.customer.v1.CustomerService.CreateCustomer")))
                .noneSatisfy(filter -> assertThat(filter).contains("Cache-Control"))
                .anySatisfy(filter -> assertThat(filter).contains("Idempotency Idempotency-Key"));
        assertThat(filters(routes.get("exceed.followup.v1.WebhookService.GetWebhookEndpoint")))
                .anySatisfy(filter -> assertThat(filter).contains("X-Served-By"));
    }

    @Test
    void aConfiguredFilterRunsOnItsRoutesOnly() {
        http.get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectHeader().valueEquals("X-Api-Version", "1");
        http.get().uri("/v1/webhookEndpoints/we-1").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Served-By", "webhooks")
                .expectHeader().doesNotExist("Cache-Control");
    }

    @Test
    void scgMeasuresEachRoute() {
        http.get().uri("/v1/customers/c-1").exchange().expectStatus().isOk();
        String metrics = WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build()
                .get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics.lines().filter(line -> line.startsWith("spring_cloud_gateway_requests_seconds_count{")))
                .anySatisfy(line -> assertThat(line)
                        .contains("routeId=\"exceed.customer.v1.CustomerService.GetCustomer\"")
                        .contains("routeUri=\"grpc://customer-service\"").contains("status=\"OK\""));
    }

    @Test
    void anUnknownPathIsStillAProblemAfterAdmission() {
        anonymous.get().uri("/v1/nowhere").exchange().expectStatus().isUnauthorized();
        http.get().uri("/v1/nowhere").exchange().expectStatus().isNotFound()
                .expectHeader().contentType("application/problem+json");
        http.delete().uri("/v1/customers:upsert").exchange().expectStatus().isEqualTo(405)
                .expectHeader().valueEquals("Allow", "POST");
    }

    private Map<String, JsonObject> routes() {
        byte[] body = WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build()
                .get().uri("/actuator/gateway/routes").exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        JsonArray routes = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonArray();
        return routes.asList().stream().map(JsonElement::getAsJsonObject)
                .collect(Collectors.toMap(route -> route.get("route_id").getAsString(), route -> route));
    }

    private static List<String> filters(JsonObject route) {
        return route.getAsJsonArray("filters").asList().stream().map(JsonElement::getAsString).toList();
    }
}
