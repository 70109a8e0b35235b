package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.auth.ApiKey;
import io.exceed.gateway.auth.ApiKeySecrets;
import io.exceed.gateway.auth.Caller;
import io.exceed.gateway.auth.Scope;
import io.exceed.gateway.rest.RouteTable;

/** Which scope each route needs, what a key grants, and what a key looks like. */
class ApiKeyScopeTest {

    @Test
    void aRouteNeedsItsBackendsResourcesReadForGetAndWriteOtherwise() {
        assertThat(Scope.required("customer-service", HttpMethod.GET)).isEqualTo(Scope.CUSTOMERS_READ);
        assertThat(Scope.required("customer-service", HttpMethod.DELETE)).isEqualTo(Scope.CUSTOMERS_WRITE);
        assertThat(Scope.required("feedback-service", HttpMethod.GET)).isEqualTo(Scope.FEEDBACK_READ);
        assertThat(Scope.required("feedback-service", HttpMethod.POST)).isEqualTo(Scope.FEEDBACK_WRITE);
        assertThat(Scope.required("followup-service", HttpMethod.GET)).isEqualTo(Scope.FOLLOWUPS_READ);
        assertThat(Scope.required("followup-service", HttpMethod.PATCH)).isEqualTo(Scope.FOLLOWUPS_WRITE);
        assertThat(Scope.required("customer-service", HttpMethod.GET, "exceed.customer.v1.CustomerService.GetCustomer"))
                .containsExactly(Scope.CUSTOMERS_READ);
        assertThat(Scope.required("customer-service", HttpMethod.GET,
                "exceed.customer.v1.CustomerService.GetCustomerView"))
                .as("the 360 view answers with feedback and follow-ups too")
                .containsExactly(Scope.CUSTOMERS_READ, Scope.FEEDBACK_READ, Scope.FOLLOWUPS_READ);
        assertThatThrownBy(() -> Scope.required("billing-service", HttpMethod.GET))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyRouteOfTheContractsHasAScope() {
        RouteTable.fromContracts().routes()
                .forEach(route -> assertThat(Scope.required(route.backend(), route.httpMethod())).isNotNull());
    }

    @Test
    void adminGrantsEveryScopeAndOthersOnlyThemselves() {
        Caller admin = Caller.of(key(Set.of(Scope.ADMIN)));
        Caller reader = Caller.of(key(Set.of(Scope.CUSTOMERS_READ)));
        for (Scope scope : Scope.values()) {
            assertThat(admin.grants(scope)).isTrue();
            assertThat(reader.grants(scope)).isEqualTo(scope == Scope.CUSTOMERS_READ);
        }
    }

    @Test
    void keysAreRandomWellFormedAndComparedByHash() {
        String key = ApiKeySecrets.newKey();
        assertThat(key).matches("exk_[A-Za-z0-9_-]{43}").isNotEqualTo(ApiKeySecrets.newKey());
        assertThat(ApiKeySecrets.wellFormed(key)).isTrue();
        assertThat(ApiKeySecrets.wellFormed(key + "x")).isFalse();
        assertThat(ApiKeySecrets.prefix(key)).hasSize(8).startsWith("exk_");
        assertThat(ApiKeySecrets.hash(key)).hasSize(64).doesNotContain(key.substring(4));
        assertThat(ApiKeySecrets.constantTimeEquals("token", "token")).isTrue();
        assertThat(ApiKeySecrets.constantTimeEquals("token", "token2")).isFalse();
    }

    private static ApiKey key(Set<Scope> scopes) {
        return new ApiKey("k-1", new TenantId("acme"), "test", scopes, "exk_AbC1", Instant.EPOCH, null, null);
    }
}
