package io.exceed.feedback.domain.recovery;

import java.time.Instant;

/**
 * The survey a customer is sent after their complaint was resolved: scheduled when the resolution arrives, issued
 * (an invitation to the tenant's recovery survey) once due, or skipped with the reason. Its id names the complaint
 * and the resolution event, so a complaint resolved again after a reopening is asked again.
 */
public record RecoverySurvey(String id, String complaintId, String customerId, String language, Instant dueTime,
        State state, String invitationId, String skipReason) {

    public enum State {
        /** Waiting until due, or for the contact governor to be reachable. */
        PENDING,
        /** The invitation exists. */
        ISSUED,
        /** Not sent: no recovery survey defined, the contact was denied, or the survey cannot be used. */
        SKIPPED
    }

    public static RecoverySurvey pending(String complaintId, String resolutionEventId, String customerId,
            String language, Instant dueTime) {
        return new RecoverySurvey(complaintId + ":" + resolutionEventId, complaintId, customerId, language, dueTime,
                State.PENDING, null, null);
    }
}
