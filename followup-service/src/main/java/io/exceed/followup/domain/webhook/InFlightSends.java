package io.exceed.followup.domain.webhook;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.exceed.defaults.tenancy.TenantId;

/**
 * The attempts a replica has under way, counted per endpoint, per tenant and in all, so that one tenant's slow or
 * failing receivers hold only that tenant's share: a delivery is claimed only while its endpoint, its tenant and
 * the replica are all below their limits, and its attempt then starts at once (nothing waits for a connection).
 */
public final class InFlightSends {

    /**
     * @param perEndpoint attempts under way to one endpoint at most
     * @param perTenant   attempts under way for one tenant at most, over all its endpoints
     * @param total       attempts under way on this replica at most
     */
    public record Limits(int perEndpoint, int perTenant, int total) {
        public Limits {
            if (perEndpoint < 1 || perTenant < perEndpoint || total < perTenant) {
                throw new IllegalArgumentException("webhook send limits need 1 <= per-endpoint (" + perEndpoint
                        + ") <= per-tenant (" + perTenant + ") <= total (" + total + ")");
            }
        }
    }

    private record EndpointKey(TenantId tenant, String endpointId) {
    }

    private final Limits limits;
    private final Map<TenantId, Integer> byTenant = new HashMap<>();
    private final Map<EndpointKey, Integer> byEndpoint = new HashMap<>();
    private int total;
    /** Attempts finished so far, so a waiter can tell whether one ended since it looked. */
    private long finishes;

    public InFlightSends(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    synchronized void started(TenantId tenant, String endpointId) {
        byTenant.merge(tenant, 1, Integer::sum);
        byEndpoint.merge(new EndpointKey(tenant, endpointId), 1, Integer::sum);
        total++;
    }

    synchronized void finished(TenantId tenant, String endpointId) {
        byTenant.computeIfPresent(tenant, (key, count) -> count == 1 ? null : count - 1);
        byEndpoint.computeIfPresent(new EndpointKey(tenant, endpointId), (key, count) -> count == 1 ? null : count - 1);
        total--;
        finishes++;
        notifyAll();
    }

    /** How many attempts have finished so far. */
    synchronized long finishes() {
        return finishes;
    }

    /**
     * Waits until more than {@code seen} attempts have finished, or {@code timeout} has passed, or nothing is under
     * way any more; whether any finished after {@code seen}.
     */
    synchronized boolean awaitFinishAfter(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); finishes == seen && total > 0 && left > 0;
                left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return finishes != seen;
    }

    /** Attempts under way for the tenant. */
    public synchronized int of(TenantId tenant) {
        return byTenant.getOrDefault(tenant, 0);
    }

    /** What a claim may take now: a copy of the counts, which the claim's own choices then add to. */
    public synchronized Admission admission() {
        return new Admission(new HashMap<>(byTenant), new HashMap<>(byEndpoint), total);
    }

    /**
     * One claim's view of the limits. Only the dispatcher's one thread claims and only finished attempts lower the
     * counts meanwhile, so what it admits stays within the limits when the claimed attempts start.
     */
    public final class Admission {

        private final Map<TenantId, Integer> tenants;
        private final Map<EndpointKey, Integer> endpoints;
        private int admitted;
        private boolean keptBack;

        private Admission(Map<TenantId, Integer> tenants, Map<EndpointKey, Integer> endpoints, int admitted) {
            this.tenants = tenants;
            this.endpoints = endpoints;
            this.admitted = admitted;
        }

        /** How many more attempts the replica may start. */
        public int room() {
            return Math.max(0, limits.total() - admitted);
        }

        /** Tenants at their limit, whose deliveries a claim need not even read. */
        public Set<String> fullTenants() {
            return tenants.entrySet().stream().filter(entry -> entry.getValue() >= limits.perTenant())
                    .map(entry -> entry.getKey().value()).collect(Collectors.toSet());
        }

        /** Endpoints at their limit, whose deliveries a claim need not even read. */
        public Set<String> fullEndpoints() {
            return endpoints.entrySet().stream().filter(entry -> entry.getValue() >= limits.perEndpoint())
                    .map(entry -> entry.getKey().endpointId()).collect(Collectors.toSet());
        }

        /** Whether a limit has kept a delivery back. */
        public boolean keptBack() {
            return keptBack;
        }

        /** Whether a delivery to this endpoint may be claimed; counts it if so. */
        public boolean admit(TenantId tenant, String endpointId) {
            EndpointKey endpoint = new EndpointKey(tenant, endpointId);
            if (admitted >= limits.total() || tenants.getOrDefault(tenant, 0) >= limits.perTenant()
                    || endpoints.getOrDefault(endpoint, 0) >= limits.perEndpoint()) {
                keptBack = true;
                return false;
            }
            tenants.merge(tenant, 1, Integer::sum);
            endpoints.merge(endpoint, 1, Integer::sum);
            admitted++;
            return true;
        }
    }
}
