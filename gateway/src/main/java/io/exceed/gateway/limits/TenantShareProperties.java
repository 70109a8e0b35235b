package io.exceed.gateway.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Each tenant's share of each backend on one gateway replica ({@code exceed.gateway.tenant-shares.*}); the
 * anonymous callers of the public routes share one.
 *
 * @param unaryPerTenant     unary calls in flight per tenant, at most; below the backend's bulkhead (64), so a
 *                           tenant at its share leaves room for the others
 * @param analyticsPerTenant of those, calls to feedback-service's analytics (each reads a tenant's responses)
 * @param streamsPerTenant   open streams (watches, over REST or gRPC) per tenant, at most
 * @param streams            open streams from all tenants, at most
 * @param streamLifetime     how long a stream stays open before it is ended with UNAVAILABLE, to be resumed
 */
@ConfigurationProperties("exceed.gateway.tenant-shares")
public record TenantShareProperties(@DefaultValue("16") int unaryPerTenant, @DefaultValue("4") int analyticsPerTenant,
        @DefaultValue("10") int streamsPerTenant, @DefaultValue("500") int streams,
        @DefaultValue("30m") Duration streamLifetime) {

    public TenantShares.Limits limits() {
        return new TenantShares.Limits(unaryPerTenant, analyticsPerTenant, streamsPerTenant, streams,
                streamLifetime);
    }
}
