package io.exceed.followup.domain.followup;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** Where follow-ups live. */
public interface FollowUpStore {

    /**
     * Stores a new follow-up. If one already exists for its source reference and reason (or the request id was
     * used before), returns that one instead and stores nothing.
     */
    FollowUp insert(TenantId tenant, FollowUp followUp, Optional<String> requestId);

    Optional<FollowUp> find(TenantId tenant, String id);

    /** Removes the follow-up; only for one stored for a customer erased meanwhile. */
    void delete(TenantId tenant, String id);

    Optional<FollowUp> findBySource(TenantId tenant, String sourceReference, FollowUpReason reason);

    /** Whether a change with this request id was already applied to the follow-up. */
    boolean hasApplied(TenantId tenant, String id, String requestId);

    /** Replaces the follow-up if it is still at {@code previousRevision}; false if someone changed it first. */
    boolean replace(TenantId tenant, FollowUp updated, long previousRevision, Optional<String> requestId);

    Page<FollowUp> list(TenantId tenant, FollowUpFilter filter, Optional<String> afterId, int limit);

    /**
     * Follow-ups whose promised time is in [start, end), optionally only of one owner (null or empty: any) and one
     * reason (null: any), in no particular order. Read lazily: close the stream.
     */
    Stream<FollowUp> promisedBetween(TenantId tenant, Instant start, Instant end, String owner, FollowUpReason reason);
}
