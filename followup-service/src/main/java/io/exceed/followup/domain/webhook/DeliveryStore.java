package io.exceed.followup.domain.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** The delivery log, and leases so one replica sends each due delivery. */
public interface DeliveryStore {

    /** Stores a delivery unless one for the same event and endpoint exists; false then. */
    boolean enqueue(TenantId tenant, WebhookDelivery delivery);

    Optional<WebhookDelivery> find(TenantId tenant, String id);

    Page<WebhookDelivery> list(TenantId tenant, DeliveryFilter filter, Optional<String> afterId, int limit);

    /**
     * Claims up to {@code limit} pending deliveries due at {@code now} that no live lease holds and {@code admission}
     * admits (it is asked before each claim).
     */
    List<ClaimedDelivery> claimDue(Instant now, String replica, Instant leaseUntil, int limit,
            InFlightSends.Admission admission);

    /**
     * Claims those of the named deliveries that are still pending, due at {@code now}, held by no live lease and
     * admitted by {@code admission}, reading each by id.
     */
    List<ClaimedDelivery> claimNamed(List<String> ids, Instant now, String replica, Instant leaseUntil,
            InFlightSends.Admission admission);

    /**
     * Stores what became of a claimed delivery and releases the lease, unless another replica has claimed it since
     * (it will send it again under the same webhook-id); false then.
     */
    boolean finish(ClaimedDelivery claimed, WebhookDelivery updated);

    /** Moves the endpoint's held deliveries back to pending, due at {@code now}; returns how many. */
    long resumeHeld(TenantId tenant, String endpointId, Instant now);

    /** Makes the delivery pending again with a fresh round of attempts, unless the request id was applied. */
    Optional<WebhookDelivery> replay(TenantId tenant, String id, Instant now, Optional<String> requestId);
}
