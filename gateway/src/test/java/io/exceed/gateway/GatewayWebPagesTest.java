package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The survey page and the console: served without a credential, with headers that keep them to the gateway's
 * own origin and keep the survey link's token out of referrers and caches; every asset they name is served.
 */
class GatewayWebPagesTest extends GatewayTestBase {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

    @Test
    void theSurveyPageIsPublicAndKeepsTheTokenToItself() {
        WebTestClient.ResponseSpec page = anonymous.get().uri("/s/{token}", "c29tZS10b2tlbg").exchange();

        page.expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                        .startsWith("default-src 'self'")
                        .contains("script-src 'self';", "connect-src 'self';", "frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:"));
        assertAssetsServed("/s/c29tZS10b2tlbg", page, "../web/survey.js", "../web/exceed.css");
    }

    @Test
    void theConsoleIsServedWithTheSameHeaders() {
        WebTestClient.ResponseSpec page = anonymous.get().uri("/console").exchange();

        page.expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).startsWith("default-src 'self'"));
        assertAssetsServed("/console", page, "web/console.js", "web/exceed.css");
    }

    @Test
    void scriptsAreJavaScriptModulesWithSecurityHeaders() {
        anonymous.get().uri("/web/survey.js").exchange()
                .expectStatus().isOk()
                .expectHeader().value("Content-Type", type -> assertThat(type).contains("javascript"))
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).startsWith("default-src 'self'"));
    }

    @Test
    void nothingOutsideThePagesFolderIsServed() {
        anonymous.get().uri("/web/../application.yaml").exchange().expectStatus().isNotFound();
        anonymous.get().uri("/web/%2e%2e/application.yaml").exchange().expectStatus().value(status ->
                assertThat(status).isIn(400, 404));
        anonymous.get().uri("/web/nope.js").exchange().expectStatus().isNotFound();
    }

    /** No page names another origin: no CDN, no fonts, no analytics; the CSP would block them anyway. */
    @Test
    void thePagesNameNoOtherOrigin() throws IOException, URISyntaxException {
        Path folder = Path.of(getClass().getClassLoader().getResource("web").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.toList();
            assertThat(all).isNotEmpty();
            for (Path file : all) {
                // The SVG namespace is a name, never fetched.
                assertThat(Files.readString(file).replace("http://www.w3.org/2000/svg", ""))
                        .as(file.getFileName().toString())
                        .doesNotContainPattern("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}");
            }
        }
    }

    private void assertAssetsServed(String pagePath, WebTestClient.ResponseSpec page, String... expected) {
        String html = new String(page.expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        List<String> assets = new ArrayList<>();
        Matcher asset = ASSET.matcher(html);
        while (asset.find()) {
            if (!asset.group(1).startsWith("data:")) { // inline, e.g. the empty favicon that saves a request
                assets.add(asset.group(1));
            }
        }
        assertThat(assets).contains(expected);
        for (String url : assets) {
            assertThat(url).as("a relative URL on the gateway").doesNotContain("//").doesNotStartWith("/");
            String resolved = URI.create("http://gateway" + pagePath).resolve(url).getPath();
            anonymous.get().uri(resolved).exchange().expectStatus().isOk();
        }
    }
}
