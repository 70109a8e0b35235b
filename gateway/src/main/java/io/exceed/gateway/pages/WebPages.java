package io.exceed.gateway.pages;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.exceed.gateway.web.CallFacts;
import reactor.core.publisher.Mono;

/**
 * The web pages: the respondents' survey page at {@value #SURVEY_PATH}{@code {token}} (the link an invitation
 * produces) and the staff console at {@value #CONSOLE_PATH}. Both are plain HTML, CSS and JavaScript modules from
 * the gateway's own class path, with no build step; they call only the public REST API, like any integrator,
 * and fetch nothing from anywhere else (the Content-Security-Policy holds them to the gateway's origin).
 */
public final class WebPages {

    public static final String SURVEY_PATH = "/s/";
    public static final String CONSOLE_PATH = "/console";
    public static final String ASSETS_PATH = "/web/";

    /**
     * Only the gateway's own scripts, styles and API; no inline script or style, no frames, no plugins, forms
     * posting nowhere else. Charts are inline SVG built by script, which needs no exception.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    public RouterFunction<ServerResponse> routes() {
        ClassPathResource survey = new ClassPathResource("web/survey.html");
        ClassPathResource console = new ClassPathResource("web/console.html");
        return RouterFunctions.route()
                .GET(SURVEY_PATH + "{token}", request -> {
                    // The token is a credential: the access log and metrics get the template, never the path.
                    CallFacts.route(request.exchange(), SURVEY_PATH + "{token}");
                    return page(survey);
                })
                .GET(CONSOLE_PATH, request -> page(console))
                .add(RouterFunctions.resources(ASSETS_PATH + "**", new ClassPathResource("web/"))
                        .filter(assets()))
                .build();
    }

    private static Mono<ServerResponse> page(ClassPathResource html) {
        return ServerResponse.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .headers(WebPages::securityHeaders)
                // A survey page carries a personal link; nothing of it belongs in a shared cache.
                .cacheControl(CacheControl.noStore())
                .bodyValue(html);
    }

    /** Scripts and styles: revalidated after a short while, so a new gateway version is picked up quickly. */
    private static HandlerFilterFunction<ServerResponse, ServerResponse> assets() {
        return (request, next) -> {
            CallFacts.route(request.exchange(), ASSETS_PATH + "**");
            // On the exchange: the resource handler's own response headers are read-only.
            HttpHeaders headers = request.exchange().getResponse().getHeaders();
            securityHeaders(headers);
            headers.setCacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic());
            return next.handle(request);
        };
    }

    static void securityHeaders(HttpHeaders headers) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        // The survey link's token is in the page's URL: never send it to another site as a referrer.
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    }
}
