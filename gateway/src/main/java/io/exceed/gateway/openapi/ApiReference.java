package io.exceed.gateway.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.google.gson.JsonObject;

/**
 * Serves the OpenAPI document at {@value #DOCUMENT_PATH} and the browsable reference at {@value #PAGE_PATH},
 * neither behind a credential (they describe the API, not a tenant's data). The page is Swagger UI from its
 * webjar, served by the gateway itself: a browser that opens it fetches nothing from anywhere else.
 */
public final class ApiReference {

    public static final String DOCUMENT_PATH = "/v1/openapi.json";
    public static final String PAGE_PATH = "/docs";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    /** Only the gateway's own origin; Swagger UI sets inline styles, and its images are data: URLs. */
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

    private final byte[] document;

    public ApiReference(JsonObject document) {
        this.document = document.toString().getBytes(StandardCharsets.UTF_8);
    }

    public RouterFunction<ServerResponse> routes() {
        ClassPathResource page = new ClassPathResource("docs/index.html");
        ClassPathResource init = new ClassPathResource("docs/init.js");
        return RouterFunctions.route()
                .GET(DOCUMENT_PATH, request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .cacheControl(CacheControl.noCache()).bodyValue(document))
                .GET(PAGE_PATH, request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY).bodyValue(page))
                .GET(PAGE_PATH + "/init.js", request -> ServerResponse.ok()
                        .contentType(MediaType.valueOf("text/javascript")).bodyValue(init))
                .add(RouterFunctions.resources(PAGE_PATH + "/assets/**",
                        new ClassPathResource(WEBJAR + swaggerUiVersion() + "/")))
                .build();
    }

    /** The bundled Swagger UI's version, which names its folder in the webjar. */
    static String swaggerUiVersion() {
        try (InputStream in = ApiReference.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
