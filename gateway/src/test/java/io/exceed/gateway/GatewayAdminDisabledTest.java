package io.exceed.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Without an operator token the admin API is off, and says how to turn it on; no token opens it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exceed.storage.database=gateway-admin-off-${random.uuid}",
        "exceed.storage.data-dir=target/test-data",
        "exceed.gateway.operator-token="})
class GatewayAdminDisabledTest {

    @LocalServerPort
    int port;

    @Test
    void theAdminApiAnswers503UntilATokenIsSet() {
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        for (String authorization : new String[] {"", "Bearer ", "Bearer anything"}) {
            http.post().uri("/admin/v1/tenants/acme/apiKeys").header(HttpHeaders.AUTHORIZATION, authorization)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": \"ci\", \"scopes\": [\"admin\"]}")
                    .exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.detail").isEqualTo("admin API disabled: set EXCEED_GATEWAY_OPERATOR_TOKEN")
                    .jsonPath("$.code").isEqualTo("ADMIN_API_DISABLED");
        }
        http.get().uri("/admin/v1/tenants/acme/apiKeys").exchange().expectStatus().isEqualTo(503);
    }
}
