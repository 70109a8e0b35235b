package io.exceed.feedback.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.exceed.feedback.domain.outbound.SmsChannel;
import io.exceed.feedback.domain.outbound.SmsTransport;

/**
 * Twilio's Programmable Messaging API over the JDK's HTTP client: {@code POST
 * {base}/2010-04-01/Accounts/{AccountSid}/Messages.json}, form-encoded {@code To}, {@code From} (or
 * {@code MessagingServiceSid}) and {@code Body}, HTTP Basic authentication with the account SID and auth token; a
 * 201 answer carries the message's {@code sid}. The base is the service's setting, never a tenant's, so no tenant can
 * aim the service at a host of its choosing. Every attempt has a connect and a response timeout.
 *
 * <p>Outcomes: 429, 5xx, an unreachable provider, a timeout and refused credentials (401, 403: the tenant can fix
 * the channel) are temporary, with the {@code Retry-After} the provider names as the earliest next attempt; any other
 * 4xx (Twilio's error code says why: 21211 an invalid number, 21614 not a mobile number, 21610 the recipient replied
 * STOP) is permanent. Retries are the dispatcher's, with backoff, so this makes one attempt.
 *
 * <p>Only the codes known to speak of the recipient's number itself (21211, 21614) make it
 * {@link Cause#NUMBER_UNDELIVERABLE}; every other 4xx, unknown codes included, refuses only the message. Most of them
 * are the tenant's to fix (21408 no permission to text the region, 21606 a 'From' number that cannot send texts),
 * and a number marked wrongly would silence the customer's texts until their profile changes, where a number left
 * unmarked costs one more refused request per text.
 */
public final class TwilioSmsTransport implements SmsTransport {

    /** Twilio: "Attempt to send to unsubscribed recipient". */
    static final int UNSUBSCRIBED_RECIPIENT = 21610;
    /** Twilio: "The 'To' number is not a valid phone number", "'To' number is not a valid mobile number". */
    static final Set<Integer> UNDELIVERABLE_NUMBER = Set.of(21211, 21614);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_REASON = 300;

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param base           the provider's address, e.g. https://api.twilio.com
     * @param connectTimeout to open the connection
     * @param timeout        for the whole answer, once connected
     */
    public TwilioSmsTransport(URI base, Duration connectTimeout, Duration timeout, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.base = base;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Outcome send(SmsChannel channel, Sms sms) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", sms.to());
        if (channel.messagingServiceSid() != null && !channel.messagingServiceSid().isEmpty()) {
            form.put("MessagingServiceSid", channel.messagingServiceSid());
        } else {
            form.put("From", channel.fromNumber());
        }
        form.put("Body", sms.body());
        String credentials = Base64.getEncoder().encodeToString((channel.accountSid() + ":" + channel.authToken())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(messagesUri(channel.accountSid()))
                .timeout(timeout)
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException unreachable) {
            return new TemporaryFailure("SMS provider unreachable: " + unreachable, null);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new TemporaryFailure("interrupted while sending", null);
        }
        return classify(response);
    }

    private URI messagesUri(String accountSid) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        return URI.create(root + "2010-04-01/Accounts/" + URLEncoder.encode(accountSid, StandardCharsets.UTF_8)
                + "/Messages.json");
    }

    private Outcome classify(HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        JsonNode answer = read(body);
        if (status >= 200 && status < 300) {
            return new Accepted(answer.path("sid").asString(""));
        }
        Optional<Integer> code = Optional.of(answer.path("code")).filter(JsonNode::isIntegralNumber)
                .map(JsonNode::asInt);
        String message = answer.path("message").asString("");
        String reason = truncate("Twilio " + status + code.map(c -> " " + c).orElse("")
                + (message.isEmpty() ? "" : ": " + message));
        if (status == 429 || status >= 500 || status == 401 || status == 403) {
            return new TemporaryFailure(reason, retryAfter(response).orElse(null));
        }
        int known = code.orElse(0);
        Cause cause = known == UNSUBSCRIBED_RECIPIENT ? Cause.RECIPIENT_OPTED_OUT
                : UNDELIVERABLE_NUMBER.contains(known) ? Cause.NUMBER_UNDELIVERABLE : Cause.MESSAGE_REFUSED;
        return new PermanentFailure(reason, cause);
    }

    /** Seconds or an HTTP date (RFC 9110); anything else is ignored, and the dispatcher's backoff applies. */
    private Optional<Instant> retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(value -> {
            if (value.matches("\\d{1,9}")) {
                return Optional.of(clock.instant().plusSeconds(Long.parseLong(value)));
            }
            try {
                return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        });
    }

    /** The provider's JSON answer; an answer that is not JSON (a proxy's error page) reads as empty. */
    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException notJson) {
            return JSON.missingNode();
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
    }
}
