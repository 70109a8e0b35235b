package io.exceed.gateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.problem.FieldError;
import io.exceed.gateway.problem.GrpcProblems;
import io.exceed.gateway.problem.ProblemException;
import io.exceed.gateway.problem.ProblemResponses;
import io.exceed.gateway.rest.RestReply;
import io.exceed.gateway.store.IdempotencyRecordStore;
import io.exceed.gateway.store.IdempotencyRecordStore.Claim;
import io.exceed.gateway.store.IdempotencyRecordStore.IdempotencyRecord;
import io.exceed.gateway.store.IdempotencyRecordStore.StoredResponse;
import io.grpc.Status;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code Idempotency-Key} on POST: the first request with a key runs, and its response is kept per tenant for
 * the TTL and replayed ({@code Idempotent-Replayed: true}) to every retry with the same key. The rules:
 * <ul>
 * <li>a retry whose method, path, query, If-Match or body differ from the first is a 422;</li>
 * <li>a retry while the first is still running is a 409 ({@code IDEMPOTENCY_KEY_IN_USE}); the first holds the
 * key for a lease (the backend deadline plus a margin), so a replica that dies mid-call frees it again;</li>
 * <li>only answers the service gave are kept: its replies and its definite refusals (invalid argument, not
 * found, already exists, failed precondition, permission denied). Failures that say nothing about the request
 * (the service unavailable or too slow, a concurrent change, rate limits, internal errors) and the gateway's
 * own refusals before the call (a 400 binding error, 413, 428) free the key, so a retry runs again.</li>
 * </ul>
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);
    private static final String REQUEST_ID = "request_id";
    /** The request ids the services accept (service-defaults' RequestIds). */
    private static final Pattern SERVICE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    private static final Set<Status.Code> DEFINITE_REFUSALS = EnumSet.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.OUT_OF_RANGE, Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS,
            Status.Code.FAILED_PRECONDITION, Status.Code.PERMISSION_DENIED);

    private final IdempotencyRecordStore store;
    private final Clock clock;
    private final Duration ttl;
    private final Duration lease;

    /**
     * @param ttl      how long a response is replayed
     * @param deadline the backend calls' deadline; the first request holds its key a little longer than that
     */
    public IdempotencyKeys(IdempotencyRecordStore store, Clock clock, Duration ttl, Duration deadline) {
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
        this.lease = deadline.plus(LEASE_MARGIN);
    }

    /** The request's key, or empty when it sent none; a malformed one is a 400 naming the header. */
    public static Optional<String> key(List<String> headerValues) {
        if (headerValues.isEmpty()) {
            return Optional.empty();
        }
        if (headerValues.size() > 1) {
            throw invalidKey("send one Idempotency-Key, not " + headerValues.size());
        }
        String key = headerValues.getFirst();
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            throw invalidKey("must be 1 to " + MAX_LENGTH + " characters, was " + key.length());
        }
        if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw invalidKey("must be printable ASCII without spaces (a UUID is recommended)");
        }
        return Optional.of(key);
    }

    /**
     * The request with the key as its {@code request_id} (AIP-155) when it has that field, left it empty, and the
     * key fits the services' request-id format: then a retry the gateway could not answer from its record (the
     * first attempt timed out, or the service was unreachable after all) is still recognised by the service.
     */
    public static DynamicMessage withRequestId(DynamicMessage request, String key) {
        FieldDescriptor requestId = request.getDescriptorForType().findFieldByName(REQUEST_ID);
        if (requestId == null || requestId.isRepeated() || requestId.getType() != FieldDescriptor.Type.STRING
                || !((String) request.getField(requestId)).isEmpty() || !SERVICE_REQUEST_ID.matcher(key).matches()) {
            return request;
        }
        return request.toBuilder().setField(requestId, key).build();
    }

    /** What makes two requests the same request: method, path, query, If-Match and body. */
    public static String fingerprint(String method, String rawPath, String rawQuery, String ifMatch, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {method, rawPath, rawQuery == null ? "" : rawQuery,
                    ifMatch == null ? "" : ifMatch}) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(body));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }

    /**
     * Runs {@code call} as the first request with this key, or replays the first one's response.
     *
     * @param instance the request path, for the problem documents of kept failures
     */
    public Mono<RestReply> execute(TenantId tenant, String key, String fingerprint, String instance,
            Supplier<Mono<RestReply>> call) {
        return blocking(() -> claim(tenant, key, fingerprint)).flatMap(outcome -> switch (outcome) {
            case Replay replay -> Mono.just(replay.reply());
            case Claimed claimed -> Mono.defer(call)
                    .onErrorResume(failure -> settle(claimed.claim(), failure, instance).then(Mono.error(failure)))
                    .flatMap(reply -> keep(claimed.claim(), reply).thenReturn(reply))
                    .doOnCancel(() -> blocking(() -> {
                        // The caller went away without an answer: the key is free for its retry.
                        store.release(claimed.claim());
                        return true;
                    }).subscribe(null, failure -> log.warn("could not free an idempotency key: {}", failure.toString())));
        });
    }

    private sealed interface Outcome {
    }

    private record Claimed(Claim claim) implements Outcome {
    }

    private record Replay(RestReply reply) implements Outcome {
    }

    private Outcome claim(TenantId tenant, String key, String fingerprint) {
        // Two rounds suffice: a record found expired or just deleted is gone for the second insert, unless another
        // request with the same key won that race, which then answers as in-flight or completed.
        for (int round = 0; round < 2; round++) {
            Instant now = clock.instant();
            Optional<Claim> inserted = store.tryInsert(tenant, key, fingerprint, now, now.plus(lease), now.plus(ttl));
            if (inserted.isPresent()) {
                return new Claimed(inserted.get());
            }
            Optional<IdempotencyRecord> existing = store.find(tenant, key);
            if (existing.isEmpty()) {
                continue;
            }
            IdempotencyRecord record = existing.get();
            if (record.expired(now)) {
                store.deleteExpired(record);
                continue;
            }
            if (!record.fingerprint().equals(fingerprint)) {
                throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT,
                        "this Idempotency-Key was used for a different request (method, path, query or body); "
                                + "use a new key for a new request",
                        "IDEMPOTENCY_KEY_REUSED", List.of(new FieldError(HEADER, "used for another request")));
            }
            if (record.response() != null) {
                StoredResponse stored = record.response();
                return new Replay(new RestReply(stored.status(), stored.contentType(), stored.etag(), stored.body(),
                        true));
            }
            if (record.leaseExpireTime() != null && record.leaseExpireTime().isBefore(now)) {
                Optional<Claim> taken = store.takeOver(record, now.plus(lease));
                if (taken.isPresent()) {
                    return new Claimed(taken.get());
                }
            }
            throw inUse();
        }
        throw inUse();
    }

    private Mono<Boolean> keep(Claim claim, RestReply reply) {
        return blocking(() -> store.complete(claim,
                new StoredResponse(reply.status(), reply.contentType(), reply.etag(), reply.body())))
                .onErrorResume(failure -> {
                    // The caller still gets the reply; the key stays held until its lease ends, then runs again.
                    log.warn("could not keep the response of an idempotent request: {}", failure.toString());
                    return Mono.just(false);
                });
    }

    private Mono<Boolean> settle(Claim claim, Throwable failure, String instance) {
        Status.Code code = failure instanceof ProblemException ? null : Status.fromThrowable(failure).getCode();
        Callable<Boolean> settlement;
        if (code != null && DEFINITE_REFUSALS.contains(code)) {
            ProblemException problem = GrpcProblems.from(failure);
            byte[] body = ProblemResponses.render(problem, instance).getBytes(StandardCharsets.UTF_8);
            settlement = () -> store.complete(claim, new StoredResponse(problem.status().value(),
                    ProblemResponses.PROBLEM_JSON.toString(), null, body));
        } else {
            settlement = () -> {
                store.release(claim);
                return true;
            };
        }
        return blocking(settlement).onErrorResume(storeFailure -> {
            log.warn("could not settle an idempotency key after a failed request: {}", storeFailure.toString());
            return Mono.just(false);
        });
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    private static ProblemException inUse() {
        return new ProblemException(HttpStatus.CONFLICT,
                "a request with this Idempotency-Key is still being processed; retry when it has finished",
                "IDEMPOTENCY_KEY_IN_USE", List.of(new FieldError(HEADER, "in use")), Map.of("Retry-After", "1"));
    }

    private static ProblemException invalidKey(String why) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "the Idempotency-Key header is malformed: " + why,
                "INVALID_IDEMPOTENCY_KEY", List.of(new FieldError(HEADER, why)));
    }
}
