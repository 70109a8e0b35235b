package io.exceed.followup.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import io.exceed.followup.domain.webhook.AttemptResult;
import io.exceed.followup.domain.webhook.AttemptResult.Outcome;
import io.exceed.followup.domain.webhook.RefusedAddressException;
import io.exceed.followup.domain.webhook.WebhookUrlPolicy;

/**
 * Makes one signed delivery attempt to a tenant's endpoint; retries, backoff and circuit breaking belong to the
 * caller, which is why the client itself never retries.
 *
 * <p>Every address connected to passes the {@link WebhookUrlPolicy} through its resolver, and redirects are not
 * followed (a 3xx is a rejected attempt), so neither DNS nor a redirect can steer a delivery to an internal
 * address. The client also ignores proxy system properties: a proxy would resolve the host itself, out of the
 * policy's sight. An attempt never takes much longer than the attempt timeout, however slowly the receiver
 * trickles its response, because the request is cancelled when the timeout passes.
 */
public final class WebhookSender implements AutoCloseable {

    static final String USER_AGENT = "Exceed-Webhooks/1";

    private static final ContentType JSON = ContentType.create("application/json");
    private static final int ERROR_EXCERPT_CHARS = 200;
    /** Enough to read a typical acknowledgement to its end, so the connection can be reused. */
    private static final int MAX_BODY_BYTES_READ = 4096;

    private final WebhookUrlPolicy policy;
    private final Duration attemptTimeout;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines;

    /**
     * @param maxConnections connections at most, to one host or to all: the dispatcher limits the attempts under
     *                       way per endpoint and tenant, so the pool never makes an attempt wait for a connection
     *                       (which would count against the endpoint), nor lets one tenant's host take all of them
     */
    public WebhookSender(WebhookUrlPolicy policy, Duration connectTimeout, Duration attemptTimeout,
            int maxConnections) {
        this.policy = policy;
        this.attemptTimeout = attemptTimeout;
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(policy.dnsResolver())
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(attemptTimeout))
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(attemptTimeout))
                        .setResponseTimeout(Timeout.of(attemptTimeout))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("webhook-attempt-deadline").factory());
    }

    /** POSTs {@code jsonBody} with {@code headers} (the signature headers) to {@code url}; never throws for I/O. */
    public AttemptResult send(String url, Map<String, String> headers, byte[] jsonBody) {
        long started = System.nanoTime();
        Optional<String> unsendable = unsendable(url);
        if (unsendable.isPresent()) {
            return new AttemptResult(Outcome.REFUSED_ADDRESS, 0, Optional.empty(), since(started), unsendable.get());
        }
        HttpPost post = new HttpPost(url);
        headers.forEach(post::setHeader);
        post.setHeader(HttpHeaders.USER_AGENT, USER_AGENT);
        post.setEntity(new ByteArrayEntity(jsonBody, JSON));

        AtomicBoolean deadlinePassed = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            deadlinePassed.set(true);
            post.cancel();
        }, attemptTimeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            ClassicHttpResponse response = client.executeOpen(null, post, null);
            try {
                return answered(response, started);
            } finally {
                closeQuietly(response);
            }
        } catch (IOException failure) {
            return failed(failure, deadlinePassed.get(), since(started));
        } catch (IllegalStateException cancelledWhileConnecting) {
            // The client reports a cancel that lands between leasing a connection and connecting it this way.
            if (!deadlinePassed.get()) {
                throw cancelledWhileConnecting;
            }
            return failed(new InterruptedIOException("cancelled at the attempt deadline"), true, since(started));
        } finally {
            deadline.cancel(false);
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        client.close(CloseMode.GRACEFUL);
    }

    /**
     * Registration already checked the URL in full; this repeats only what the connect-time check cannot see,
     * since a URL stored while plain http was allowed must not be sent once it no longer is.
     */
    private Optional<String> unsendable(String url) {
        if (url == null) {
            return Optional.of("url is required");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException malformed) {
            return Optional.of("url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || scheme.equals("http") && policy.allowHttp()) {
            return uri.getHost() == null ? Optional.of("url must name a valid host") : Optional.empty();
        }
        return Optional.of("url must use https");
    }

    private AttemptResult answered(ClassicHttpResponse response, long started) {
        int status = response.getCode();
        String bodyExcerpt = readExcerpt(response.getEntity());
        Duration latency = since(started);
        Outcome outcome = outcomeOf(status);
        if (outcome == Outcome.DELIVERED) {
            return new AttemptResult(outcome, status, Optional.empty(), latency, "");
        }
        Optional<Duration> retryAfter = outcome == Outcome.RETRYABLE_STATUS
                ? RetryAfter.parse(headerValue(response, HttpHeaders.RETRY_AFTER), Instant.now())
                : Optional.empty();
        String error = status >= 300 && status < 400
                ? "HTTP " + status + " redirect to " + excerpt(headerValue(response, HttpHeaders.LOCATION))
                  + " not followed"
                : bodyExcerpt.isEmpty() ? "HTTP " + status : "HTTP " + status + ": " + bodyExcerpt;
        return new AttemptResult(outcome, status, retryAfter, latency, error);
    }

    private static Outcome outcomeOf(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.DELIVERED;
        }
        if (status == 408 || status == 429 || status >= 500 && status < 600) {
            return Outcome.RETRYABLE_STATUS;
        }
        return Outcome.REJECTED;
    }

    private AttemptResult failed(IOException failure, boolean deadlinePassed, Duration latency) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RefusedAddressException refused) {
                return new AttemptResult(Outcome.REFUSED_ADDRESS, 0, Optional.empty(), latency, refused.getMessage());
            }
        }
        if (deadlinePassed || failure instanceof SocketTimeoutException) {
            return new AttemptResult(Outcome.TIMEOUT, 0, Optional.empty(), latency,
                    "no complete response within " + attemptTimeout.toMillis() + " ms");
        }
        return new AttemptResult(Outcome.CONNECTION_ERROR, 0, Optional.empty(), latency,
                excerpt(failure.getClass().getSimpleName() + ": " + failure.getMessage()));
    }

    /**
     * Reads the start of the body; an unreadable body (the deadline passing, the receiver hanging up) is no
     * reason to change an outcome the status has already decided.
     */
    private static String readExcerpt(HttpEntity entity) {
        if (entity == null) {
            return "";
        }
        try (InputStream body = entity.getContent()) {
            return excerpt(new String(body.readNBytes(MAX_BODY_BYTES_READ), StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
            return "";
        }
    }

    /** At most 200 characters on one line, so a receiver's text cannot flood or forge lines in the log. */
    private static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return oneLine.length() <= ERROR_EXCERPT_CHARS ? oneLine : oneLine.substring(0, ERROR_EXCERPT_CHARS);
    }

    private static String headerValue(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException alreadyBroken) {
            // The outcome is decided; a connection that fails to close is discarded by the pool either way.
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
