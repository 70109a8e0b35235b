package io.exceed.gateway.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The REST API's HTTP semantics ({@code exceed.gateway.*}, beside {@link GatewayProperties}).
 *
 * @param maxBodySize        the largest request body accepted; a larger one is a 413 before it is read
 * @param maxJsonDepth       the deepest nesting of objects and arrays a JSON body may have
 * @param requireIfMatch     whether a PATCH of a resource with a revision needs {@code If-Match} (or the
 *                           expected revision in the request); without either it is a 428
 * @param eventStreamHeartbeat how often an event stream sends a comment while no event comes, so proxies keep
 *                           the connection open
 * @param idempotency        how long {@code Idempotency-Key} records are kept, and how they are purged
 */
@ConfigurationProperties("exceed.gateway")
public record RestProperties(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("32") int maxJsonDepth,
        @DefaultValue("true") boolean requireIfMatch, @DefaultValue("15s") Duration eventStreamHeartbeat,
        @DefaultValue Idempotency idempotency) {

    /**
     * @param ttl            how long a key is remembered, so a retry with it is recognised; afterwards the key
     *                       is free again
     * @param purgeInterval  how often expired records are deleted (MongoDB's TTL index does it too; the
     *                       embedded store does not)
     * @param purgeBatchSize records deleted per batch; a run deletes batches until one is not full
     * @param maxRecordsPerTenant live records a tenant may have; a new key beyond is refused (429), counted at
     *                       every purge run
     */
    public record Idempotency(@DefaultValue("24h") Duration ttl, @DefaultValue("1m") Duration purgeInterval,
            @DefaultValue("1000") int purgeBatchSize, @DefaultValue("1000000") long maxRecordsPerTenant) {

        public Idempotency {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("exceed.gateway.idempotency.ttl must be positive, was " + ttl);
            }
            if (maxRecordsPerTenant < 1) {
                throw new IllegalArgumentException("exceed.gateway.idempotency.max-records-per-tenant must be at least"
                        + " 1, was " + maxRecordsPerTenant);
            }
            if (purgeBatchSize < 1) {
                throw new IllegalArgumentException("exceed.gateway.idempotency.purge-batch-size must be at least 1, was "
                        + purgeBatchSize);
            }
        }
    }

    public RestProperties {
        if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("exceed.gateway.max-body-size must be between 1B and 2GB, was "
                    + maxBodySize);
        }
        if (maxJsonDepth < 1) {
            throw new IllegalArgumentException("exceed.gateway.max-json-depth must be at least 1, was " + maxJsonDepth);
        }
        if (eventStreamHeartbeat.isNegative() || eventStreamHeartbeat.isZero()) {
            throw new IllegalArgumentException("exceed.gateway.event-stream-heartbeat must be positive, was "
                    + eventStreamHeartbeat);
        }
    }
}
