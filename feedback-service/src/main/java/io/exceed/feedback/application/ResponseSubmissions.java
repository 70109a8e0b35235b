package io.exceed.feedback.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import io.exceed.defaults.error.Violations;
import io.exceed.feedback.domain.response.Answer;
import io.exceed.feedback.domain.response.Invitations;
import io.exceed.feedback.domain.response.RecoveryPromises;
import io.exceed.feedback.domain.response.Response;

/**
 * A respondent's answers through a survey link: recorded first, then, for a detractor, the time the tenant's
 * playbooks promise someone will contact them, so the thank-you page can say so.
 */
@Service
public class ResponseSubmissions {

    private final Invitations invitations;
    private final RecoveryPromises recoveryPromises;

    public ResponseSubmissions(Invitations invitations, ObjectProvider<RecoveryPromises> recoveryPromises) {
        this.invitations = invitations;
        this.recoveryPromises = recoveryPromises.getIfAvailable(() -> RecoveryPromises.NONE);
    }

    /** @param recoveryPromiseTime empty when nothing is promised, or the promise cannot be had now */
    public record Receipt(Response response, Optional<Instant> recoveryPromiseTime) {
    }

    /** The recorded response; its token works once, even for two simultaneous submissions. */
    public Receipt submit(String token, String language, List<Answer> answers, Violations violations) {
        Invitations.Submission submission = invitations.submit(token, language, answers, violations);
        return new Receipt(submission.response(),
                recoveryPromises.promisedContact(submission.tenant(), submission.response()));
    }
}
