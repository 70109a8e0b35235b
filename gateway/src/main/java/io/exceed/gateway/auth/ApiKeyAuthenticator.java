package io.exceed.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.exceed.gateway.problem.ProblemException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Finds the API key of a call from its {@code Authorization: Bearer <key>} header. Keys (and unknown
 * hashes) are remembered for {@code cacheTtl}, so most calls cost no lookup; a key revoked on another
 * replica therefore keeps working there for up to that long (this replica forgets it at once). Each key's
 * last use is written at most once per {@link #TOUCH_INTERVAL} per replica, not on every call.
 */
public final class ApiKeyAuthenticator {

    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);
    private static final String BEARER = "bearer ";

    private final ApiKeyStore store;
    private final Clock clock;
    private final Cache<String, Optional<ApiKey>> byHash;
    private final Cache<String, Instant> touched;

    public ApiKeyAuthenticator(ApiKeyStore store, Clock clock, Duration cacheTtl) {
        this.store = store;
        this.clock = clock;
        this.byHash = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(10_000).build();
        this.touched = Caffeine.newBuilder().expireAfterWrite(TOUCH_INTERVAL).maximumSize(10_000).build();
    }

    /** The key the header presents, or a 401 problem: missing, malformed, unknown and revoked alike. */
    public Mono<ApiKey> authenticate(String authorization) {
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return Mono.error(ProblemException.unauthorized(
                    "an API key is required: send Authorization: Bearer <key>", "API_KEY_MISSING", false));
        }
        String presented = authorization.substring(BEARER.length()).strip();
        if (!ApiKeySecrets.wellFormed(presented)) {
            return Mono.error(invalid());
        }
        String hash = ApiKeySecrets.hash(presented);
        Optional<ApiKey> cached = byHash.getIfPresent(hash);
        Mono<Optional<ApiKey>> found = cached != null
                ? Mono.just(cached)
                : Mono.fromCallable(() -> byHash.get(hash, store::findByHash)).subscribeOn(Schedulers.boundedElastic());
        return found.flatMap(key -> key.filter(k -> !k.revoked()).map(Mono::just).orElseGet(() -> Mono.error(invalid())))
                .doOnNext(this::recordUse);
    }

    /** Stops accepting key {@code id} on this replica now, rather than when its cache entry expires. */
    public void forget(String id) {
        byHash.asMap().values().removeIf(key -> key.isPresent() && key.get().id().equals(id));
    }

    private void recordUse(ApiKey key) {
        Instant now = clock.instant();
        if (touched.asMap().putIfAbsent(key.id(), now) != null) {
            return;
        }
        Mono.fromRunnable(() -> store.touch(key.id(), now))
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(null, failure -> {
                    // The call goes on; the next use after the interval tries again.
                    touched.invalidate(key.id());
                    log.warn("could not record the use of API key {}: {}", key.id(), failure.toString());
                });
    }

    private static ProblemException invalid() {
        return ProblemException.unauthorized("the API key is not valid (unknown, revoked or malformed)",
                "API_KEY_INVALID", true);
    }
}
