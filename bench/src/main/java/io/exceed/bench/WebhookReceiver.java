package io.exceed.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fast local receiver for the followup-service's webhooks: answers 204 at once, checks the Standard Webhooks
 * signature, and remembers when each webhook-id first arrived and how often it came.
 */
final class WebhookReceiver implements AutoCloseable {

    /** First receipt of one webhook-id, and how many times it arrived in all. */
    static final class Receipt {
        final Instant first;
        final AtomicLong count = new AtomicLong(1);

        Receipt(Instant first) {
            this.first = first;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Receipt> receipts = new ConcurrentHashMap<>();
    private final AtomicLong badSignatures = new AtomicLong();
    private volatile byte[] key;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.createContext("/hooks", this::receive);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** The endpoint's secret as CreateWebhookEndpoint returned it ({@code whsec_<base64>}). */
    void secret(String secret) {
        key = Base64.getDecoder().decode(secret.substring(secret.indexOf('_') + 1));
    }

    Map<String, Receipt> receipts() {
        return receipts;
    }

    long badSignatures() {
        return badSignatures.get();
    }

    private void receive(HttpExchange exchange) throws IOException {
        Instant now = Instant.now();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
        if (id == null || !signed(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                exchange.getRequestHeaders().getFirst("webhook-signature"), body)) {
            badSignatures.incrementAndGet();
            return;
        }
        Receipt earlier = receipts.putIfAbsent(id, new Receipt(now));
        if (earlier != null) {
            earlier.count.incrementAndGet();
        }
    }

    private boolean signed(String id, String timestamp, String signatures, byte[] body) {
        if (timestamp == null || signatures == null || key == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String signature : signatures.split(" ")) {
                if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(signature.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
