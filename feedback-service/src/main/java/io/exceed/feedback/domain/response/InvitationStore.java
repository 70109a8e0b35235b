package io.exceed.feedback.domain.response;

import java.util.Optional;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.defaults.paging.Page;

/** Where invitations live; tokens are found by their hash across tenants (a token names its tenant). */
public interface InvitationStore {

    /** Stores a new invitation; a retried request id returns the first one with {@code created} false. */
    Stored insert(TenantId tenant, Invitation invitation, String tokenHash, Optional<String> requestId);

    Optional<Invitation> find(TenantId tenant, String id);

    Optional<Found> findByTokenHash(String tokenHash);

    void markResponded(TenantId tenant, String id, String responseId);

    /** Replaces the token's hash of a not yet answered invitation; false if it was answered (or is gone). */
    boolean replaceTokenHash(TenantId tenant, String id, String tokenHash);

    Page<Invitation> list(TenantId tenant, String surveyId, String customerId, Optional<String> afterId, int limit);

    /** The outcome of an insert. */
    record Stored(Invitation invitation, boolean created) {
    }

    /** An invitation found by token, with the tenant it belongs to. */
    record Found(TenantId tenant, Invitation invitation) {
    }
}
