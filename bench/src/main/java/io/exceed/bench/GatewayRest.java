package io.exceed.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/**
 * Scenario 3: the operations of scenario 2 through the gateway's REST/JSON API (transcoded to the same gRPC
 * methods), with a tenant API key, from a JDK HTTP/1.1 client with keep-alive connections at the same
 * concurrency. The bodies are the same messages in the proto3 JSON mapping.
 */
final class GatewayRest {

    static final String SUBMIT_RESPONSE = "gateway REST submit response";
    static final String GET_CUSTOMER = "gateway REST get customer";
    static final String CREATE_FOLLOW_UP = "gateway REST create follow-up";

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final Gson GSON = new Gson();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    GatewayRest(ServiceProcess gateway, String apiKey) {
        this.base = "http://127.0.0.1:" + gateway.port;
        this.authorization = "Bearer " + apiKey;
    }

    /** Issues the benchmark tenant an API key with every scope through the admin API, as an operator would. */
    static String issueApiKey(ServiceProcess gateway, String operatorToken) throws IOException, InterruptedException {
        HttpResponse<String> issued = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + gateway.port + "/admin/v1/tenants/" + Tenants.TENANT + "/apiKeys"))
                .header("authorization", "Bearer " + operatorToken)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GSON.toJson(Map.of("name", "benchmark",
                        "scopes", List.of("admin")))))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (issued.statusCode() != 201) {
            throw new IllegalStateException("the gateway's admin API answered " + issued.statusCode()
                    + " to issuing an API key: " + issued.body());
        }
        return GSON.fromJson(issued.body(), JsonObject.class).get("key").getAsString();
    }

    /** Scenario 3: the same three calls through the gateway's REST/JSON API. */
    Map<Operation.Kind, Operation> operations(DirectGrpc.Fixture fixture) {
        String responses = "/v1/surveys/" + fixture.surveyId() + "/responses";
        String followUps = "/v1/followUps?actor=" + URLEncoder.encode("bench", StandardCharsets.UTF_8);
        return Map.of(
                Operation.Kind.SUBMIT_RESPONSE, new Operation(SUBMIT_RESPONSE, (caller, sequence) -> post(responses,
                        DirectGrpc.response(fixture.surveyId(), fixture.anyCustomer()))),
                Operation.Kind.GET_CUSTOMER, new Operation(GET_CUSTOMER, (caller, sequence) -> send(
                        HttpRequest.newBuilder(URI.create(base + "/v1/customers/" + fixture.anyCustomer())).GET())),
                Operation.Kind.CREATE_FOLLOW_UP, new Operation(CREATE_FOLLOW_UP, (caller, sequence) -> post(followUps,
                        DirectGrpc.followUp(fixture.anyCustomer(), "bench-rest/" + caller + "-" + sequence,
                                Instant.now().plus(Duration.ofDays(1)), Duration.ofDays(2)))));
    }

    private void post(String path, MessageOrBuilder body)
            throws InvalidProtocolBufferException, IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.print(body))));
    }

    private void send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("authorization", authorization).timeout(TIMEOUT)
                .build(), HttpResponse.BodyHandlers.ofString());
        if (Refused.isRefusal(response.statusCode())) {
            throw new Refused(response.request().method() + " " + response.request().uri().getPath() + " refused "
                    + response.statusCode() + ": " + response.body());
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
