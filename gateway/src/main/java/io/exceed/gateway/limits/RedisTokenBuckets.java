package io.exceed.gateway.limits;

import java.time.Duration;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import reactor.core.publisher.Mono;

/**
 * Buckets in Redis, shared by every gateway replica that uses the same Redis: Bucket4j updates a bucket with a
 * compare-and-swap script, so concurrent replicas take each token once. Keys expire once their bucket would be
 * full again, so Redis keeps only active callers. A Redis that does not answer within {@link #TIMEOUT} fails
 * the call's check (the caller decides what that means), rather than holding the request.
 */
public final class RedisTokenBuckets implements TokenBuckets, AutoCloseable {

    static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final String KEY_PREFIX = "exceed:gateway:rate-limit:";

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final AsyncProxyManager<String> buckets;

    /** Connects now, so a wrong URL fails the start rather than every call. */
    public RedisTokenBuckets(String redisUrl) {
        this.client = RedisClient.create(redisUrl);
        client.setOptions(ClientOptions.builder()
                // While disconnected, fail at once instead of queueing commands until the timeout.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .build());
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(1)))
                .requestTimeout(TIMEOUT)
                .build()
                .asAsync();
    }

    @Override
    public Mono<RateLimitDecision> tryConsume(String key, RateLimitPolicy policy) {
        return Mono.fromFuture(() -> buckets.builder().build(KEY_PREFIX + key, policy.bucket())
                        .tryConsumeAndReturnRemaining(1))
                .map(probe -> RateLimitDecision.of(policy, probe));
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
