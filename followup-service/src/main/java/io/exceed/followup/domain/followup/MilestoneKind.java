package io.exceed.followup.domain.followup;

/** The moments the scheduler acts on, each announced to the tenant's webhooks and to partners' watches. */
public enum MilestoneKind {
    /** The due time came: the owner should make contact now. */
    DUE,
    /** Part of the SLA has passed and the follow-up is not done. */
    WARNING,
    /** The SLA deadline passed before the follow-up was done. */
    BREACH,
    /** An escalation step's time came: its target is told. */
    ESCALATION,
    /** The follow-up was done: its outcome is announced once. */
    DONE
}
