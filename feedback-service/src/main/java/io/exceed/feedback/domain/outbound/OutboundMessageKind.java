package io.exceed.feedback.domain.outbound;

/** What an outbound message is; each kind has its built-in templates. */
public enum OutboundMessageKind {
    /** An invitation an integrator created, with its survey link. */
    SURVEY_INVITATION,
    /** The recovery survey the platform sends after a resolved complaint. */
    RECOVERY_INVITATION,
    /** A reminder of an invitation not answered yet, with the same survey link. */
    REMINDER,
    /** Thanks for answering an e-mailed invitation. */
    THANK_YOU,
    /** A complaint's acknowledgement, the text the complaint was acknowledged with. */
    COMPLAINT_ACKNOWLEDGEMENT;

    /** Whether it carries a survey link, and so is sent only while its invitation is pending. */
    public boolean carriesLink() {
        return this == SURVEY_INVITATION || this == RECOVERY_INVITATION || this == REMINDER;
    }

    /**
     * Whether it waits for a slot when the customer's contact budget is spent. A thank-you does not: days later
     * it thanks nobody, so it is skipped instead.
     */
    public boolean waitsForBudget() {
        return this != THANK_YOU;
    }

    /**
     * Whether someone asked for it (an integrator's invitation, and what follows from it), so a customer without
     * an address is a failure to show; the platform's own courtesies to such a customer are simply skipped.
     */
    public boolean requested() {
        return this != THANK_YOU && this != COMPLAINT_ACKNOWLEDGEMENT;
    }
}
