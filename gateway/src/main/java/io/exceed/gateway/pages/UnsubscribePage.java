package io.exceed.gateway.pages;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.google.protobuf.DynamicMessage;

import io.exceed.gateway.grpc.UnaryCaller;
import io.exceed.gateway.limits.RateLimits;
import io.exceed.gateway.rest.RestRoute;
import io.exceed.gateway.web.CallFacts;
import io.grpc.Status;
import reactor.core.publisher.Mono;

/**
 * The unsubscribe link of every e-mail the platform sends, {@value #PATH}{@code {token}}: its List-Unsubscribe
 * header names it for mail clients' one-click unsubscribe (RFC 8058: a POST with the form field
 * {@code List-Unsubscribe=One-Click}, urlencoded or multipart), and the line at the end of the e-mail opens it in a
 * browser. A GET only shows a page whose button makes that same POST: link scanners and previews fetch links, and
 * must not unsubscribe anyone. The POST calls feedback-service's public {@code RespondentService.Unsubscribe} with
 * the token, after a token from the caller's address's public bucket, as the survey routes take.
 *
 * <p>Answers are short pages in English, Swedish or Chinese, by Accept-Language (mail clients send none: English):
 * 200 unsubscribed, 404 for a link unknown or expired, 400 for a POST without the field, 429 over the rate limit and
 * 503 while feedback-service or customer-service cannot do it (the customer clicks again). Never a redirect, which
 * RFC 8058 forbids.
 */
public final class UnsubscribePage {

    public static final String PATH = "/u/";
    /** The route in the access log and metrics: the token is a credential. */
    private static final String TEMPLATE = PATH + "{token}";
    static final String FIELD = "List-Unsubscribe";
    static final String ONE_CLICK = "One-Click";
    private static final List<String> LANGUAGES = List.of("en", "sv", "zh");

    /** The page's words in one language. */
    private record Words(String title, String question, String explanation, String button, String done,
            String doneDetail, String unknown, String unavailable, String tooMany, String notOneClick) {
    }

    private static final Map<String, Words> WORDS = Map.of(
            "en", new Words("Unsubscribe", "Stop e-mails from us?",
                    "You will no longer get survey invitations, reminders or other e-mails from us.", "Unsubscribe",
                    "You are unsubscribed.", "We will not e-mail you again.",
                    "This unsubscribe link is unknown or has expired.",
                    "We could not unsubscribe you just now. Please try again in a few minutes.",
                    "Too many attempts. Please try again in a moment.",
                    "This request did not ask to unsubscribe."),
            "sv", new Words("Avregistrera dig", "Sluta få mejl från oss?",
                    "Du får inte längre enkätinbjudningar, påminnelser eller andra mejl från oss.",
                    "Avregistrera mig", "Du är avregistrerad.", "Vi kommer inte att mejla dig igen.",
                    "Den här avregistreringslänken är okänd eller har slutat gälla.",
                    "Vi kunde inte avregistrera dig just nu. Försök igen om några minuter.",
                    "För många försök. Försök igen om en stund.",
                    "Begäran bad inte om avregistrering."),
            "zh", new Words("退订", "不再接收我们的邮件？", "您将不再收到我们的问卷邀请、提醒或其他邮件。", "退订",
                    "您已退订。", "我们不会再给您发送邮件。", "此退订链接无效或已过期。",
                    "暂时无法为您退订，请几分钟后再试。", "尝试次数过多，请稍后再试。", "此请求未要求退订。"));

    private final UnaryCaller caller;
    private final RestRoute unsubscribe;
    private final RateLimits rateLimits;

    /** @param unsubscribe the contract's binding of RespondentService.Unsubscribe: its backend and its call */
    public UnsubscribePage(UnaryCaller caller, RestRoute unsubscribe, RateLimits rateLimits) {
        this.caller = caller;
        this.unsubscribe = unsubscribe;
        this.rateLimits = rateLimits;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(TEMPLATE, this::confirm)
                .POST(TEMPLATE, this::oneClick)
                .build();
    }

    /** The question and a button that POSTs the one-click form to this same URL. */
    private Mono<ServerResponse> confirm(ServerRequest request) {
        CallFacts.route(request.exchange(), TEMPLATE);
        Words words = WORDS.get(language(request));
        return page(HttpStatus.OK, language(request), words.title(), "<h1>" + words.question() + "</h1>\n<p>"
                + words.explanation() + "</p>\n<form method=\"post\">\n<input type=\"hidden\" name=\"" + FIELD
                + "\" value=\"" + ONE_CLICK + "\">\n<button type=\"submit\">" + words.button()
                + "</button>\n</form>");
    }

    private Mono<ServerResponse> oneClick(ServerRequest request) {
        CallFacts.route(request.exchange(), TEMPLATE);
        String language = language(request);
        Words words = WORDS.get(language);
        InetSocketAddress remote = request.exchange().getRequest().getRemoteAddress();
        // Empty when allowed, or when the buckets cannot be reached: the call goes through, as on the REST routes.
        return rateLimits.tryClient(remote)
                .filter(decision -> !decision.allowed())
                .flatMap(refused -> page(HttpStatus.TOO_MANY_REQUESTS, language, words.title(),
                        "<p>" + words.tooMany() + "</p>", refused.retryAfterSeconds()))
                .switchIfEmpty(Mono.defer(() -> oneClickField(request).flatMap(oneClick -> oneClick
                        ? unsubscribe(request.pathVariable("token"), language, words)
                        : page(HttpStatus.BAD_REQUEST, language, words.title(), "<p>" + words.notOneClick() + "</p>"))));
    }

    private Mono<ServerResponse> unsubscribe(String token, String language, Words words) {
        DynamicMessage message = DynamicMessage.newBuilder(unsubscribe.method().getInputType())
                .setField(unsubscribe.method().getInputType().findFieldByName("token"), token).build();
        // No tenant: the token names it, as a survey link's does.
        return caller.call(unsubscribe.backend(), unsubscribe.call(), message, null)
                .flatMap(reply -> page(HttpStatus.OK, language, words.title(), "<h1>" + words.done() + "</h1>\n<p>"
                        + words.doneDetail() + "</p>"))
                .onErrorResume(failure -> switch (Status.fromThrowable(failure).getCode()) {
                    case NOT_FOUND -> page(HttpStatus.NOT_FOUND, language, words.title(),
                            "<p>" + words.unknown() + "</p>");
                    case RESOURCE_EXHAUSTED -> page(HttpStatus.TOO_MANY_REQUESTS, language, words.title(),
                            "<p>" + words.tooMany() + "</p>", 1);
                    default -> page(HttpStatus.SERVICE_UNAVAILABLE, language, words.title(),
                            "<p>" + words.unavailable() + "</p>");
                });
    }

    /** Whether the form (urlencoded, or multipart as RFC 8058 prefers) holds {@code List-Unsubscribe=One-Click}. */
    private static Mono<Boolean> oneClickField(ServerRequest request) {
        MediaType type = request.headers().contentType().orElse(MediaType.APPLICATION_OCTET_STREAM);
        if (MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
            return request.multipartData().map(parts -> {
                Part part = parts.getFirst(FIELD);
                return part instanceof FormFieldPart field && ONE_CLICK.equals(field.value());
            });
        }
        if (MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
            return request.formData().map(form -> ONE_CLICK.equals(form.getFirst(FIELD)));
        }
        return Mono.just(false);
    }

    private static String language(ServerRequest request) {
        List<Locale.LanguageRange> ranges;
        try {
            ranges = request.headers().acceptLanguage();
        } catch (IllegalArgumentException unreadable) {
            ranges = List.of();
        }
        String tag = Locale.lookupTag(ranges, LANGUAGES);
        return tag == null ? "en" : tag;
    }

    private static Mono<ServerResponse> page(HttpStatus status, String language, String title, String body) {
        return page(status, language, title, body, 0);
    }

    /** Our own words only, so nothing needs escaping; the token is never echoed. */
    private static Mono<ServerResponse> page(HttpStatus status, String language, String title, String body,
            long retryAfterSeconds) {
        String html = "<!DOCTYPE html>\n<html lang=\"" + language + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"robots\" content=\"noindex\">\n<link rel=\"icon\" href=\"data:,\">\n<title>" + title
                + "</title>\n<link rel=\"stylesheet\" href=\"../web/exceed.css\">\n</head>\n<body class=\"survey\">\n"
                + "<main>\n" + body + "\n</main>\n</body>\n</html>\n";
        return ServerResponse.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .headers(headers -> {
                    WebPages.securityHeaders(headers);
                    if (retryAfterSeconds > 0) {
                        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
                    }
                })
                // The page's URL holds the token: nothing of it belongs in a shared cache.
                .cacheControl(CacheControl.noStore())
                .bodyValue(html);
    }
}
