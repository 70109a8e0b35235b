package io.exceed.customer.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

import io.exceed.defaults.tenancy.TenantId;

/**
 * The progress of one customer's erasure in the other services, kept until every part completed: a part that
 * failed waits for its next attempt. The pseudonym the parts replace the customer id with is kept only while a
 * part still needs it, so once the erasure is complete nothing links the pseudonymised records to the customer.
 */
public record ErasureRecord(TenantId tenant, String customerId, String pseudonym, Map<String, Part> parts,
        long revision, Instant createTime) {

    public ErasureRecord {
        parts = Map.copyOf(parts);
    }

    /**
     * One service's part.
     *
     * @param completeTime    when it completed; null while pending
     * @param reason          why the last attempt failed; empty if none did
     * @param attempts        attempts made so far
     * @param nextAttemptTime when a pending part is tried again; null once completed
     */
    public record Part(Instant completeTime, String reason, int attempts, Instant nextAttemptTime) {

        public boolean completed() {
            return completeTime != null;
        }
    }

    /** The outcome of one attempt at a part: null reason for success. */
    public record Attempt(String service, String failure) {

        public static Attempt succeeded(String service) {
            return new Attempt(service, null);
        }

        public static Attempt failed(String service, String reason) {
            return new Attempt(service, Objects.requireNonNull(reason));
        }
    }

    /**
     * A new erasure whose parts are all pending. The caller attempts them at once; {@code retryAt} is when the
     * background retry takes over should that attempt never be recorded (the caller crashed).
     */
    public static ErasureRecord start(TenantId tenant, String customerId, String pseudonym, List<String> services,
            Instant now, Instant retryAt) {
        Map<String, Part> parts = new LinkedHashMap<>();
        services.forEach(service -> parts.put(service, new Part(null, "", 0, retryAt)));
        return new ErasureRecord(tenant, customerId, pseudonym, parts, 1, now);
    }

    public boolean complete() {
        return parts.values().stream().allMatch(Part::completed);
    }

    /** When the earliest pending part is due; empty once complete. */
    public Optional<Instant> nextAttemptTime() {
        return parts.values().stream().filter(part -> !part.completed()).map(Part::nextAttemptTime)
                .filter(Objects::nonNull).min(Comparator.naturalOrder());
    }

    /**
     * The record after {@code attempts}, as the next revision. A part already completed stays completed whatever
     * a concurrent attempt says; a failed part waits {@code backoff(attempts)} before its next attempt.
     */
    public ErasureRecord after(List<Attempt> attempts, Instant now, IntFunction<Duration> backoff) {
        Map<String, Part> next = new LinkedHashMap<>(parts);
        for (Attempt attempt : attempts) {
            Part part = next.get(attempt.service());
            if (part == null || part.completed()) {
                continue;
            }
            int count = part.attempts() + 1;
            next.put(attempt.service(), attempt.failure() == null ? new Part(now, "", count, null)
                    : new Part(null, attempt.failure(), count, now.plus(backoff.apply(count))));
        }
        boolean done = next.values().stream().allMatch(Part::completed);
        return new ErasureRecord(tenant, customerId, done ? null : pseudonym, next, revision + 1, createTime);
    }
}
