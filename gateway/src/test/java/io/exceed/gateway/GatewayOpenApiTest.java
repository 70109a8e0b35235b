package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.exceed.customer.v1.CustomerServiceProto;
import io.exceed.feedback.v1.AnalyticsServiceProto;
import io.exceed.feedback.v1.ComplaintServiceProto;
import io.exceed.feedback.v1.RespondentServiceProto;
import io.exceed.feedback.v1.SurveyServiceProto;
import io.exceed.followup.v1.FollowUpServiceProto;
import io.exceed.followup.v1.LedgerServiceProto;
import io.exceed.followup.v1.PlaybookServiceProto;
import io.exceed.followup.v1.WebhookServiceProto;

/**
 * The OpenAPI 3.1 document at /v1/openapi.json: valid against the official OpenAPI 3.1 schema (and each
 * schema object against JSON Schema 2020-12), one operation for every google.api.http binding of the
 * contracts, their comments as descriptions, the proto3 JSON types and the REST layer's headers; and the
 * reference page at /docs, which loads only the gateway's own assets.
 */
class GatewayOpenApiTest extends GatewayTestBase {

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

    /** Every service file of the proto module, listed here independently of the gateway's own list. */
    private static final List<FileDescriptor> CONTRACTS = List.of(CustomerServiceProto.getDescriptor(),
            AnalyticsServiceProto.getDescriptor(), ComplaintServiceProto.getDescriptor(),
            io.exceed.feedback.v1.EventServiceProto.getDescriptor(), RespondentServiceProto.getDescriptor(),
            SurveyServiceProto.getDescriptor(), io.exceed.followup.v1.EventServiceProto.getDescriptor(),
            FollowUpServiceProto.getDescriptor(), LedgerServiceProto.getDescriptor(),
            PlaybookServiceProto.getDescriptor(), WebhookServiceProto.getDescriptor(),
            io.exceed.customer.v1.DeadLetterServiceProto.getDescriptor(),
            io.exceed.feedback.v1.DeadLetterServiceProto.getDescriptor(),
            io.exceed.followup.v1.DeadLetterServiceProto.getDescriptor(),
            io.exceed.feedback.v1.OutboundServiceProto.getDescriptor());

    private String text;
    private JsonObject document;

    @BeforeEach
    void fetchWithoutCredentials() {
        // The document outgrew WebClient's default 256 KiB buffer; a browser or generator reads it whole.
        byte[] body = anonymous.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
                .build().get().uri("/v1/openapi.json").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        text = new String(body, StandardCharsets.UTF_8);
        document = JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void theDocumentIsValidOpenApi31() throws Exception {
        JsonSchema openApi31;
        // The official OpenAPI 3.1 document schema (spec.openapis.org/oas/3.1/schema), as the npm package
        // @seriousme/openapi-schema-validator 2.11.0 ships it.
        try (InputStream schema = getClass().getResourceAsStream("/openapi/oas-3.1-schema.json")) {
            openApi31 = SCHEMAS.getSchema(schema);
        }
        assertThat(openApi31.validate(text, InputFormat.JSON)).isEmpty();
        assertThat(document.get("openapi").getAsString()).isEqualTo("3.1.0");

        // That schema leaves schema objects to the JSON Schema dialect: check each against 2020-12 itself.
        JsonSchema draft202012 = SCHEMAS.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (Map.Entry<String, JsonElement> schema : document.getAsJsonObject("components").getAsJsonObject("schemas").entrySet()) {
            Set<ValidationMessage> errors = draft202012.validate(schema.getValue().toString(), InputFormat.JSON);
            assertThat(errors).as(schema.getKey()).isEmpty();
        }
    }

    @Test
    void everyAnnotatedRpcIsAnOperationAndNothingElseIs() {
        Set<String> expected = new HashSet<>();
        for (FileDescriptor file : CONTRACTS) {
            for (ServiceDescriptor service : file.getServices()) {
                for (MethodDescriptor method : service.getMethods()) {
                    if (!method.getOptions().hasExtension(AnnotationsProto.http)) {
                        continue;
                    }
                    HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
                    List<HttpRule> bindings = new ArrayList<>(rule.getAdditionalBindingsList());
                    bindings.add(rule);
                    for (HttpRule binding : bindings) {
                        String verb = binding.getPatternCase().name().toLowerCase();
                        String path = switch (binding.getPatternCase()) {
                            case GET -> binding.getGet();
                            case POST -> binding.getPost();
                            case PUT -> binding.getPut();
                            case PATCH -> binding.getPatch();
                            case DELETE -> binding.getDelete();
                            default -> throw new AssertionError(binding);
                        };
                        // A field path's dots become underscores in the parameter's name ({survey.id}: survey_id).
                        path = java.util.regex.Pattern.compile("\\{([^}=]*)(=\\*)?}").matcher(path)
                                .replaceAll(variable -> "{" + variable.group(1).replace('.', '_') + "}");
                        JsonObject operation = operation(path, verb);
                        assertThat(operation).as(verb + " " + path + " for " + method.getFullName()).isNotNull();
                        assertThat(operation.get("operationId").getAsString()).startsWith(service.getName() + "_" + method.getName());
                        assertThat(operation.get("description").getAsString()).contains(method.getFullName().replace("." + method.getName(), "/" + method.getName()));
                        expected.add(verb + " " + path);
                    }
                }
            }
        }
        Set<String> documented = new HashSet<>();
        document.getAsJsonObject("paths").entrySet().forEach(item -> item.getValue().getAsJsonObject().keySet()
                .forEach(verb -> documented.add(verb + " " + item.getKey())));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).hasSizeGreaterThan(60);
        assertThat(document.getAsJsonObject("paths").keySet().stream()
                .collect(java.util.stream.Collectors.groupingBy(path -> path.replaceAll("\\{[^}]*}", "{}"))))
                .as("no two paths differ only in a parameter's name (OpenAPI: identical paths)")
                .allSatisfy((shape, paths) -> assertThat(paths).hasSize(1));
    }

    @Test
    void theContractsCommentsAreTheDescriptions() {
        JsonObject form = operation("/v1/respond:form", "post");
        assertThat(form.get("summary").getAsString())
                .isEqualTo("Returns the questions to show, in the requested language where the survey has it.");
        JsonObject surveyForm = schema("exceed.feedback.v1.SurveyForm");
        assertThat(surveyForm.get("description").getAsString()).isEqualTo("What a respondent sees.");
        assertThat(surveyForm.getAsJsonObject("properties").getAsJsonObject("language").get("description").getAsString())
                .startsWith("The language the questions are shown in: the requested one if the survey has it,");
        assertThat(tag("RespondentService").get("description").getAsString())
                .startsWith("The public side of a survey link");

        document.getAsJsonObject("paths").entrySet().forEach(item -> item.getValue().getAsJsonObject().entrySet()
                .forEach(operation -> assertThat(operation.getValue().getAsJsonObject().get("summary").getAsString())
                        .as(operation.getKey() + " " + item.getKey() + " has a sentence, not just a name").contains(" ")));
    }

    @Test
    void schemasFollowTheProto3JsonMapping() {
        JsonObject customer = schema("exceed.customer.v1.Customer").getAsJsonObject("properties");
        assertThat(customer.getAsJsonObject("createTime").get("format").getAsString()).isEqualTo("date-time");
        assertThat(customer.getAsJsonObject("createTime").get("readOnly").getAsBoolean()).isTrue();
        assertThat(schema("exceed.feedback.v1.EmailChannel").getAsJsonObject("properties").getAsJsonObject("password")
                .get("writeOnly").getAsBoolean()).as("an input-only field is write-only").isTrue();
        assertThat(customer.getAsJsonObject("version").get("type").getAsString()).isEqualTo("string");
        assertThat(customer.getAsJsonObject("version").get("format").getAsString()).isEqualTo("int64");
        assertThat(customer.has("display_name")).isFalse();
        assertThat(customer.has("displayName")).isTrue();

        assertThat(customer.getAsJsonObject("relationshipState").get("$ref").getAsString())
                .isEqualTo("#/components/schemas/exceed.customer.v1.RelationshipState");
        JsonObject state = schema("exceed.customer.v1.RelationshipState");
        assertThat(state.get("type").getAsString()).isEqualTo("string");
        assertThat(state.getAsJsonArray("enum").toString()).contains("RELATIONSHIP_STATE_");
        JsonObject attributes = findProperty("map");
        assertThat(attributes.get("type").getAsString()).isEqualTo("object");
        assertThat(attributes.getAsJsonObject("additionalProperties").get("type").getAsString()).isEqualTo("string");
        assertThat(text).contains("\"pattern\":\"^-?[0-9]+(\\\\.[0-9]{1,9})?s$\""); // Duration
        assertThat(text).contains("Comma-separated field paths"); // FieldMask

        // A oneof: no two members together.
        JsonObject timelineEvent = schema("exceed.customer.v1.TimelineEvent");
        assertThat(timelineEvent.get("description").getAsString()).contains("At most one of");
        assertThat(timelineEvent.getAsJsonArray("allOf").get(0).getAsJsonObject().has("not")).isTrue();
        assertThat(validate("exceed.customer.v1.TimelineEvent", "{\"note\": {\"text\": \"Called.\"}}"
                .getBytes(StandardCharsets.UTF_8))).as("one member").isEmpty();
        assertThat(validate("exceed.customer.v1.TimelineEvent", "{\"note\": {\"text\": \"Called.\"}, \"order\": {}}"
                .getBytes(StandardCharsets.UTF_8))).as("two members of the oneof").isNotEmpty();
    }

    @Test
    void aRealReplyAndAProblemFitTheirSchemas() {
        byte[] customer = http.get().uri("/v1/customers/c-1").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        assertThat(validate("exceed.customer.v1.Customer", customer)).isEmpty();

        byte[] problem = http.get().uri("/v1/customers/missing").exchange().expectStatus().isNotFound()
                .expectBody().returnResult().getResponseBody();
        assertThat(validate("Problem", problem)).isEmpty();
        assertThat(validate("exceed.customer.v1.Customer", "{\"version\": 3}".getBytes(StandardCharsets.UTF_8)))
                .as("an int64 as a JSON number is not the mapping the gateway prints").isNotEmpty();
    }

    @Test
    void theRestLayersHeadersAndErrorsAreDocumented() {
        JsonObject create = operation("/v1/customers", "post");
        assertThat(create.getAsJsonArray("parameters").toString()).contains("#/components/parameters/IdempotencyKey");
        assertThat(create.getAsJsonObject("responses").has("422")).isTrue();
        assertThat(create.getAsJsonObject("requestBody").toString()).contains("application/json");

        JsonObject get = operation("/v1/customers/{customer_id}", "get");
        JsonObject ok = get.getAsJsonObject("responses").getAsJsonObject("200");
        assertThat(ok.getAsJsonObject("headers").keySet()).contains("ETag", "RateLimit", "RateLimit-Policy", "X-Request-Id");
        assertThat(get.getAsJsonArray("parameters").toString()).contains("\"in\":\"path\"").contains("customer_id")
                .doesNotContain("IdempotencyKey");
        assertThat(get.getAsJsonArray("security").toString()).contains("customers:read");

        JsonObject update = operation("/v1/webhookEndpoints/{endpoint_id}", "patch");
        assertThat(update.getAsJsonArray("parameters").toString()).contains("#/components/parameters/IfMatch");
        assertThat(update.getAsJsonObject("responses").keySet()).contains("412", "428");

        JsonObject components = document.getAsJsonObject("components");
        JsonObject tooMany = components.getAsJsonObject("responses").getAsJsonObject("TooManyRequests");
        assertThat(tooMany.getAsJsonObject("headers").keySet()).contains("Retry-After", "RateLimit");
        assertThat(tooMany.getAsJsonObject("content").has("application/problem+json")).isTrue();
        assertThat(components.getAsJsonObject("responses").getAsJsonObject("ServiceUnavailable")
                .getAsJsonObject("headers").keySet()).contains("Retry-After");
        assertThat(components.getAsJsonObject("schemas").getAsJsonObject("Problem").getAsJsonObject("properties")
                .keySet()).contains("type", "title", "status", "detail", "instance", "code", "errors");
        assertThat(components.getAsJsonObject("securitySchemes").keySet()).containsExactlyInAnyOrder("apiKey", "jwt");

        JsonObject list = operation("/v1/customers", "get");
        assertThat(list.getAsJsonArray("parameters").toString()).contains("\"name\":\"page_size\",\"in\":\"query\"")
                .contains("page_token");

        JsonObject watch = operation("/v1/followUpEvents:watch", "get");
        assertThat(watch.getAsJsonObject("responses").getAsJsonObject("200").getAsJsonObject("content").keySet())
                .containsExactly("text/event-stream");
        assertThat(operation("/v1/respond:submit", "post").getAsJsonArray("security")).isEmpty();
    }

    @Test
    void theReferencePageLoadsOnlyTheGatewaysOwnAssets() {
        byte[] page = anonymous.get().uri("/docs").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).startsWith("default-src 'self'"))
                .expectBody().returnResult().getResponseBody();
        String html = new String(page, StandardCharsets.UTF_8);
        List<String> assets = new ArrayList<>();
        Matcher asset = ASSET.matcher(html);
        while (asset.find()) {
            assets.add(asset.group(1));
        }
        assertThat(assets).contains("docs/assets/swagger-ui-bundle.js", "docs/assets/swagger-ui.css", "docs/init.js");
        for (String url : assets) {
            assertThat(url).as("a relative URL on the gateway").doesNotContain("//").doesNotStartWith("/");
            anonymous.get().uri("/" + url).exchange().expectStatus().isOk();
        }
        byte[] init = anonymous.get().uri("/docs/init.js").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        assertThat(new String(init, StandardCharsets.UTF_8)).contains("url: \"v1/openapi.json\"").contains("validatorUrl: null");
    }

    private Set<ValidationMessage> validate(String schemaName, byte[] json) {
        JsonObject root = new JsonObject();
        root.addProperty("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.addProperty("$ref", "#/components/schemas/" + schemaName);
        root.add("components", document.getAsJsonObject("components"));
        return SCHEMAS.getSchema(root.toString(), InputFormat.JSON).validate(new String(json, StandardCharsets.UTF_8),
                InputFormat.JSON);
    }

    private JsonObject operation(String path, String verb) {
        JsonObject item = document.getAsJsonObject("paths").getAsJsonObject(path);
        return item == null ? null : item.getAsJsonObject(verb);
    }

    private JsonObject schema(String name) {
        JsonObject schema = document.getAsJsonObject("components").getAsJsonObject("schemas").getAsJsonObject(name);
        assertThat(schema).as(name).isNotNull();
        return schema;
    }

    private JsonObject tag(String name) {
        for (JsonElement tag : document.getAsJsonArray("tags")) {
            if (tag.getAsJsonObject().get("name").getAsString().equals(name)) {
                return tag.getAsJsonObject();
            }
        }
        throw new AssertionError("no tag " + name);
    }

    /** The first property anywhere that is a map (an object with additionalProperties). */
    private JsonObject findProperty(String kind) {
        for (Map.Entry<String, JsonElement> schema : document.getAsJsonObject("components").getAsJsonObject("schemas").entrySet()) {
            JsonObject properties = schema.getValue().getAsJsonObject().getAsJsonObject("properties");
            if (properties == null) {
                continue;
            }
            for (Map.Entry<String, JsonElement> property : properties.entrySet()) {
                if (kind.equals("map") && property.getValue().getAsJsonObject().has("additionalProperties")) {
                    return property.getValue().getAsJsonObject();
                }
            }
        }
        throw new AssertionError("no " + kind + " property");
    }
}
