package io.exceed.feedback.domain.complaint;

import java.util.List;
import java.util.Optional;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.defaults.paging.Page;
import io.exceed.feedback.domain.event.FeedbackEvent;

/** Where complaints live. Each write stores the change and the events it causes together. */
public interface ComplaintStore {

    /** Stores a new complaint; a retried request id returns what the first request stored. */
    Complaint insert(TenantId tenant, Complaint complaint, List<FeedbackEvent> events, Optional<String> requestId);

    Optional<Complaint> find(TenantId tenant, String id);

    /** Whether a change with this request id was already applied to the complaint. */
    boolean hasApplied(TenantId tenant, String id, String requestId);

    /** Replaces the complaint if it is still at {@code previousRevision}; false if someone changed it first. */
    boolean replace(TenantId tenant, Complaint updated, long previousRevision, List<FeedbackEvent> events,
            Optional<String> requestId);

    Page<Complaint> list(TenantId tenant, ComplaintFilter filter, Optional<String> afterId, int limit);
}
