package io.exceed.feedback.domain.complaint;

import java.time.Instant;

/**
 * Both ways of fixing a problem: the remedy fixes it for this customer now; the root cause and its
 * prevention action (or the stated reason there is no systemic cause) fix it for the next one.
 */
public record Resolution(RemedyKind remedyKind, String remedyDescription, String rootCause, String preventionAction,
        String noSystemicCauseReason, String resolvedBy, Instant resolveTime) {

    public boolean hasPreventionAction() {
        return preventionAction != null && !preventionAction.isEmpty();
    }

    Resolution at(Instant time) {
        return new Resolution(remedyKind, remedyDescription, rootCause, preventionAction, noSystemicCauseReason,
                resolvedBy, time);
    }
}
