package io.exceed.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** An integrator's view of the platform: JSON over HTTP to the gateway, with a bearer credential. */
final class Rest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, String body, HttpHeaders headers) {

        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }

        /** The body of a 2xx reply; anything else fails with the problem the gateway sent. */
        JsonObject ok() {
            if (status / 100 != 2) {
                throw new AssertionError("expected a 2xx, got " + status + ": " + body);
            }
            return json();
        }
    }

    private final String baseUrl;
    private final String bearer;

    Rest(String baseUrl, String bearer) {
        this.baseUrl = baseUrl;
        this.bearer = bearer;
    }

    /** A client for a new tenant with an {@code admin} API key, issued through the gateway's admin API. */
    static Rest forNewTenant(Platform platform, String tenant) {
        Rest operator = new Rest(platform.gatewayUrl(), platform.operatorToken);
        JsonObject request = new JsonObject();
        request.addProperty("name", "system tests");
        request.add("scopes", JsonParser.parseString("[\"admin\"]"));
        String key = operator.post("/admin/v1/tenants/" + tenant + "/apiKeys", request).ok().get("key").getAsString();
        return new Rest(platform.gatewayUrl(), key);
    }

    /** The credential this client sends, e.g. to call the gateway's gRPC port with it too. */
    String bearer() {
        return bearer;
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    Reply post(String path, JsonElement body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** A POST with an {@code Idempotency-Key}, as the console sends every POST. */
    Reply post(String path, JsonElement body, String idempotencyKey) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("content-type", "application/json")
                .header("idempotency-key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    Reply put(String path, JsonElement body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** A PATCH of what was read with {@code etag}: the gateway wants If-Match on updates. */
    Reply patch(String path, JsonElement body, String etag) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("content-type", "application/json")
                .header("if-match", etag)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.header("authorization", "Bearer " + bearer)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new AssertionError("the gateway did not answer " + request.build().uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * A published survey with one required NPS question ({@code nps}) and, {@code withComment}, an optional free-text
     * question ({@code comment}); returns its id.
     */
    String publishedNpsSurvey(String purpose, boolean withComment) {
        String comment = withComment ? ", {'id': 'comment', 'kind': 'QUESTION_KIND_FREE_TEXT', 'text': [{'language':"
                + " 'en', 'text': 'Anything else?'}]}" : "";
        String surveyId = post("/v1/surveys", json("{'title': 'How are we doing?', 'purpose': '" + purpose
                + "', 'defaultLanguage': 'en', 'questions': [{'id': 'nps', 'kind': 'QUESTION_KIND_NPS', 'required':"
                + " true, 'text': [{'language': 'en', 'text': 'How likely are you to recommend us?'}]}" + comment
                + "]}")).ok().get("id").getAsString();
        post("/v1/surveys/" + surveyId + ":publish", json("{}")).ok();
        return surveyId;
    }

    /** A published transactional survey with one NPS question ({@code nps}); returns its id. */
    String publishedNpsSurvey() {
        return publishedNpsSurvey("SURVEY_PURPOSE_TRANSACTIONAL", false);
    }

    /** The tenant's follow-ups of {@code customerId}. */
    List<JsonObject> followUps(String customerId) {
        return followUpsAt("/v1/followUps?customer_id=" + customerId);
    }

    /** The tenant's follow-ups of {@code customerId} for {@code reason} (a FOLLOW_UP_REASON_ value). */
    List<JsonObject> followUps(String customerId, String reason) {
        return followUpsAt("/v1/followUps?customer_id=" + customerId + "&reason=" + reason);
    }

    private List<JsonObject> followUpsAt(String path) {
        List<JsonObject> found = new ArrayList<>();
        for (JsonElement followUp : get(path).ok().getAsJsonArray("followUps")) {
            found.add(followUp.getAsJsonObject());
        }
        return found;
    }

    /** The messages the platform queued for the customer, in the order they were queued (the first page). */
    List<JsonObject> outboundMessages(String customerId) {
        List<JsonObject> found = new ArrayList<>();
        JsonObject page = get("/v1/outboundMessages?customer_id=" + customerId).ok();
        if (page.has("outboundMessages")) {
            for (JsonElement message : page.getAsJsonArray("outboundMessages")) {
                found.add(message.getAsJsonObject());
            }
        }
        return found;
    }

    /** The channels the customer's contact preferences allow. */
    List<String> allowedChannels(String customerId) {
        List<String> channels = new ArrayList<>();
        get("/v1/customers/" + customerId).ok().getAsJsonObject("contactPreferences")
                .getAsJsonArray("allowedChannels").forEach(channel -> channels.add(channel.getAsString()));
        return channels;
    }

    /** JSON from a compact literal with single quotes, to keep request bodies readable in tests. */
    static JsonObject json(String singleQuoted) {
        return JsonParser.parseString(singleQuoted.replace('\'', '"')).getAsJsonObject();
    }
}
