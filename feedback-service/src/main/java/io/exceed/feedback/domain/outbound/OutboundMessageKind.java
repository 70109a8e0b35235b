package io.exceed.feedback.domain.outbound;

/** What an outbound message is; each kind has its built-in templates. */
public enum OutboundMessageKind {
    /** An invitation an integrator created, with its survey link. */
    SURVEY_INVITATION,
    /** The recovery survey the platform sends after a resolved complaint. */
    RECOVERY_INVITATION
}
