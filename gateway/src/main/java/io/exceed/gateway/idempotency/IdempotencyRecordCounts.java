package io.exceed.gateway.idempotency;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.exceed.defaults.tenancy.TenantId;

/**
 * Each tenant's live idempotency records, as this replica last counted them (at every purge run) plus those it
 * stored since, so a tenant cannot make the records grow without bound: at its limit, a new key is refused. Other
 * replicas' records since the last count are not seen, so a tenant may pass the limit by a purge interval's worth.
 */
public final class IdempotencyRecordCounts {

    private final long maxPerTenant;
    private volatile Map<TenantId, Long> counted = Map.of();
    private final Map<TenantId, AtomicLong> storedSince = new ConcurrentHashMap<>();

    public IdempotencyRecordCounts(long maxPerTenant) {
        this.maxPerTenant = maxPerTenant;
    }

    public long maxPerTenant() {
        return maxPerTenant;
    }

    /** The tenants' live records as just counted in the store. */
    void recount(Map<TenantId, Long> live) {
        storedSince.clear();
        counted = Map.copyOf(live);
    }

    void stored(TenantId tenant) {
        storedSince.computeIfAbsent(tenant, ignored -> new AtomicLong()).incrementAndGet();
    }

    boolean atLimit(TenantId tenant) {
        AtomicLong since = storedSince.get(tenant);
        return counted.getOrDefault(tenant, 0L) + (since == null ? 0 : since.get()) >= maxPerTenant;
    }
}
