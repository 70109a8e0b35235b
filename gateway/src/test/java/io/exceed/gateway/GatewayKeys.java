package io.exceed.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/** API keys for partner tests: issued through the gateway's admin API, sent as gRPC bearer metadata. */
final class GatewayKeys {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private GatewayKeys() {
    }

    /** A new key of {@code tenant} with {@code scopes}, issued with the operator token. */
    static String issue(int httpPort, String operatorToken, String tenant, String... scopes) {
        JsonObject request = new JsonObject();
        request.addProperty("name", "partner");
        request.add("scopes", new Gson().toJsonTree(List.of(scopes)));
        byte[] body = WebTestClient.bindToServer().baseUrl("http://localhost:" + httpPort)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + operatorToken).build()
                .post().uri("/admin/v1/tenants/{tenant}/apiKeys", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(request.toString())
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject().get("key")
                .getAsString();
    }

    /** Sends {@code key} as the call's bearer credential. */
    static ClientInterceptor bearer(String key) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + key);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
