package io.exceed.feedback.domain.response;

import java.time.Instant;
import java.util.Optional;

import io.exceed.defaults.tenancy.TenantId;

/**
 * What a respondent who answered as a detractor is told: by when the tenant's playbooks promise someone will
 * contact them. Asked after the response is recorded; the follow-up itself is scheduled by the event delivery, so
 * an answer that cannot be had in time costs only the time on the thank-you page, never the follow-up.
 */
public interface RecoveryPromises {

    /** No playbooks react to feedback (their delivery is switched off): nothing is promised. */
    RecoveryPromises NONE = (tenant, response) -> Optional.empty();

    /** The promised contact time of the recovery follow-up this response schedules, if any and if known now. */
    Optional<Instant> promisedContact(TenantId tenant, Response response);
}
