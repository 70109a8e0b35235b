package io.exceed.feedback.domain.response;

import java.util.List;
import java.util.Optional;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.defaults.paging.Page;
import io.exceed.feedback.domain.event.FeedbackEvent;

/** Where responses live. A response and the events it causes are stored in one write. */
public interface ResponseStore {

    /**
     * Stores a response unless one was already stored under {@code submissionKey} (a retried request id, or an
     * invitation answered before): then returns that one instead, with {@code created} false.
     */
    Stored insert(TenantId tenant, Response response, List<FeedbackEvent> events, Optional<String> submissionKey);

    Optional<Response> find(TenantId tenant, String id);

    Page<Response> list(TenantId tenant, ResponseFilter filter, Optional<String> afterId, int limit);

    /** The outcome of an insert. */
    record Stored(Response response, boolean created) {
    }
}
