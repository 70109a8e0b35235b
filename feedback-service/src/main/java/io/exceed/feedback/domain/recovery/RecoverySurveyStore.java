package io.exceed.feedback.domain.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.exceed.defaults.tenancy.TenantId;

/** Where recovery surveys wait and what became of them. */
public interface RecoverySurveyStore {

    /** Stores a pending recovery survey unless one with its id exists (a redelivered resolution). */
    void schedule(TenantId tenant, RecoverySurvey survey);

    /**
     * Takes up to {@code limit} due pending surveys of any tenant for {@code lease}, so replicas never issue the
     * same one at once.
     */
    List<Claimed> claimDue(Instant now, Duration lease, int limit);

    void issued(TenantId tenant, String id, String invitationId);

    void skipped(TenantId tenant, String id, String reason);

    /** Leaves the survey pending and due again at {@code retryAt}. */
    void retryAt(TenantId tenant, String id, Instant retryAt);

    Optional<RecoverySurvey> findByInvitation(TenantId tenant, String invitationId);

    record Claimed(TenantId tenant, RecoverySurvey survey) {
    }
}
