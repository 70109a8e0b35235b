package io.exceed.feedback.domain.survey;

import java.util.Optional;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.defaults.paging.Page;

/** Where surveys and their published versions live (one document each: publishing is one atomic write). */
public interface SurveyStore {

    /** Stores a new survey; a retried request id returns what the first request stored. */
    Survey insert(TenantId tenant, Survey survey, Optional<String> requestId);

    Optional<Survey> find(TenantId tenant, String id);

    boolean hasApplied(TenantId tenant, String id, String requestId);

    /** Replaces the survey if it is still at {@code previousRevision}; false if someone changed it first. */
    boolean replace(TenantId tenant, Survey updated, long previousRevision, Optional<String> requestId);

    Page<Survey> list(TenantId tenant, SurveyState state, Optional<String> afterId, int limit);
}
