package io.exceed.gateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import com.google.protobuf.DescriptorProtos.MethodOptions.IdempotencyLevel;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.idempotency.IdempotencyRecordStore.Claim;
import io.exceed.gateway.idempotency.IdempotencyRecordStore.IdempotencyRecord;
import io.exceed.gateway.problem.FieldError;
import io.exceed.gateway.problem.GrpcProblems;
import io.exceed.gateway.problem.ProblemException;
import io.exceed.gateway.problem.ProblemResponses;
import io.grpc.Status;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code Idempotency-Key} on POST. The gateway keeps, per tenant and for the TTL, only what recognises a retry:
 * the key's SHA-256, a fingerprint of the first request keyed with the key (HMAC-SHA-256, so the record cannot
 * confirm what a request said to anyone without the key), whether it is still running, and the status it ended
 * with. Never a body, a resource name or a secret. The key goes to the service as the request's {@code request_id}
 * (AIP-155), so a retry of a request that ended is sent again as the same request and the service, which
 * recognises the request id, answers it without doing the work twice ({@code Idempotent-Replayed: true}). The
 * rules:
 * <ul>
 * <li>a retry whose method, path, query, If-Match or body differ from the first is a 422;</li>
 * <li>a retry while the first is still running is a 409 ({@code IDEMPOTENCY_KEY_IN_USE}); the first holds the
 * key for a lease (the backend deadline plus a margin), so a replica that dies mid-call frees it again;</li>
 * <li>a retry of a method without a {@code request_id} that the contract does not mark idempotent cannot be sent
 * again safely and is a 409 ({@code IDEMPOTENCY_KEY_COMPLETED}) naming the first status;</li>
 * <li>only answers the service gave complete a key: its replies and its definite refusals (invalid argument, not
 * found, already exists, failed precondition, permission denied). Failures that say nothing about the request
 * (the service unavailable or too slow, a concurrent change, rate limits, internal errors) and the gateway's
 * own refusals before the call (a 400 binding error, 413, 428) free the key, so a retry runs as a first request.</li>
 * </ul>
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;
    /** Marks the reply of a retry, which the service answered as the repeat of the first request. */
    public static final String REPLAYED = "Idempotent-Replayed";

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);
    private static final String REQUEST_ID = "request_id";
    /** The request ids the services accept (service-defaults' RequestIds). */
    private static final Pattern SERVICE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** Begins a request id derived from a key that is not one itself: base64url, which fits the services' format. */
    private static final String DERIVED_REQUEST_ID = "idem:";
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    private static final Set<Status.Code> DEFINITE_REFUSALS = EnumSet.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.OUT_OF_RANGE, Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS,
            Status.Code.FAILED_PRECONDITION, Status.Code.PERMISSION_DENIED);
    private static final Set<IdempotencyLevel> REPEATABLE = EnumSet.of(IdempotencyLevel.NO_SIDE_EFFECTS,
            IdempotencyLevel.IDEMPOTENT);

    private final IdempotencyRecordStore store;
    private final IdempotencyRecordCounts counts;
    private final Clock clock;
    private final Duration ttl;
    private final Duration lease;

    /**
     * @param ttl      how long a key is remembered
     * @param deadline the backend calls' deadline; the first request holds its key a little longer than that
     */
    public IdempotencyKeys(IdempotencyRecordStore store, IdempotencyRecordCounts counts, Clock clock, Duration ttl,
            Duration deadline) {
        this.store = store;
        this.counts = counts;
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
     * The request with the key's request id as its {@code request_id} when it has that field and the caller left
     * it empty: the key itself when it fits the services' request-id format, else an id derived from tenant and
     * key. The same key always gives the same id, so the service recognises every retry as the first request.
     */
    public static DynamicMessage withRequestId(DynamicMessage request, TenantId tenant, String key) {
        FieldDescriptor requestId = requestIdField(request.getDescriptorForType());
        if (requestId == null || !((String) request.getField(requestId)).isEmpty()) {
            return request;
        }
        return request.toBuilder().setField(requestId, requestId(tenant, key)).build();
    }

    /** The request id that stands for a key: the key, or {@code idem:} and the base64url SHA-256 of tenant and key. */
    private static String requestId(TenantId tenant, String key) {
        if (SERVICE_REQUEST_ID.matcher(key).matches()) {
            return key;
        }
        return DERIVED_REQUEST_ID + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sha256(tenant.value() + "\0" + key));
    }

    /**
     * Whether a retry may be sent to the service again: its request has a {@code request_id} the service
     * recognises it by, or the contract marks the method free of side effects or idempotent.
     */
    private static boolean repeatable(MethodDescriptor method) {
        return requestIdField(method.getInputType()) != null
                || REPEATABLE.contains(method.getOptions().getIdempotencyLevel());
    }

    /**
     * What makes two requests with the same key the same request: method, path, query, If-Match and body, as an
     * HMAC-SHA-256 keyed with the Idempotency-Key.
     */
    public static String fingerprint(String key, String method, String rawPath, String rawQuery, String ifMatch,
            byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            for (String part : new String[] {method, rawPath, rawQuery == null ? "" : rawQuery,
                    ifMatch == null ? "" : ifMatch}) {
                mac.update(part.getBytes(StandardCharsets.UTF_8));
                mac.update((byte) 0);
            }
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("every JVM has HmacSHA256", impossible);
        }
    }

    /**
     * Runs {@code call} as the first request with this key, or as a retry of the first one that ended.
     *
     * @param method      the contract method the request calls, which decides whether a retry may be sent again
     * @param call        sends the request and completes with the HTTP status of its reply
     * @param markReplay  marks the reply of a retry ({@code Idempotent-Replayed: true}); a failed retry's problem
     *                    carries the header itself
     */
    public Mono<Integer> execute(TenantId tenant, String key, String fingerprint, MethodDescriptor method,
            Supplier<Mono<Integer>> call, Runnable markReplay) {
        String keyHash = HexFormat.of().formatHex(sha256(key));
        return blocking(() -> claim(tenant, keyHash, fingerprint)).flatMap(outcome -> switch (outcome) {
            case Ended ended -> repeat(method, ended.status(), call, markReplay);
            case Claimed claimed -> Mono.defer(call)
                    .onErrorResume(failure -> settle(claimed.claim(), failure).then(Mono.error(failure)))
                    .flatMap(status -> keep(claimed.claim(), status).thenReturn(status))
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

    /** The first request with the key ended with this HTTP status. */
    private record Ended(int status) implements Outcome {
    }

    private Outcome claim(TenantId tenant, String keyHash, String fingerprint) {
        // Two rounds suffice: a record found expired or just deleted is gone for the second insert, unless another
        // request with the same key won that race, which then answers as in-flight or ended.
        if (counts.atLimit(tenant) && store.find(tenant, keyHash).isEmpty()) {
            throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "the tenant has " + counts.maxPerTenant()
                    + " Idempotency-Keys remembered, as many as it may have; send this request without one or"
                    + " retry after the oldest expire", "IDEMPOTENCY_RECORDS_LIMIT", List.of(),
                    Map.of(HttpHeaders.RETRY_AFTER, "60"));
        }
        for (int round = 0; round < 2; round++) {
            Instant now = clock.instant();
            Optional<Claim> inserted = store.tryInsert(tenant, keyHash, fingerprint, now, now.plus(lease),
                    now.plus(ttl));
            if (inserted.isPresent()) {
                counts.stored(tenant);
                return new Claimed(inserted.get());
            }
            Optional<IdempotencyRecord> existing = store.find(tenant, keyHash);
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
            if (record.completed()) {
                return new Ended(record.status());
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

    /**
     * A retry of a request that ended: sent again as the same request (same request id), so the service answers
     * it as it answers a repeated request id, from what it holds now; or, for a method the service cannot
     * recognise a repeat of, refused, since the gateway keeps no response to replay.
     */
    private static Mono<Integer> repeat(MethodDescriptor method, int firstStatus, Supplier<Mono<Integer>> call,
            Runnable markReplay) {
        if (!repeatable(method)) {
            return Mono.error(new ProblemException(HttpStatus.CONFLICT,
                    "the request with this Idempotency-Key was answered with " + firstStatus + "; "
                            + method.getName() + " has no request_id by which the service could recognise it again, "
                            + "and the gateway keeps no responses, so it is not sent twice: use a new key for a new "
                            + "request",
                    "IDEMPOTENCY_KEY_COMPLETED", List.of(new FieldError(HEADER, "answered with " + firstStatus))));
        }
        return Mono.defer(call).doOnNext(status -> markReplay.run())
                .onErrorMap(failure -> ProblemResponses.toProblem(failure).withHeader(REPLAYED, "true"));
    }

    private Mono<Boolean> keep(Claim claim, int status) {
        return blocking(() -> store.complete(claim, status))
                .onErrorResume(failure -> {
                    // The caller still gets the reply; the key stays held until its lease ends, then runs again
                    // (with the same request id, so the service recognises it).
                    log.warn("could not record the end of an idempotent request: {}", failure.toString());
                    return Mono.just(false);
                });
    }

    private Mono<Boolean> settle(Claim claim, Throwable failure) {
        Status.Code code = failure instanceof ProblemException ? null : Status.fromThrowable(failure).getCode();
        Callable<Boolean> settlement;
        if (code != null && DEFINITE_REFUSALS.contains(code)) {
            settlement = () -> store.complete(claim, GrpcProblems.httpStatus(code).value());
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

    private static FieldDescriptor requestIdField(Descriptor request) {
        FieldDescriptor requestId = request.findFieldByName(REQUEST_ID);
        return requestId != null && !requestId.isRepeated() && requestId.getType() == FieldDescriptor.Type.STRING
                ? requestId
                : null;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
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
