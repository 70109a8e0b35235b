package io.exceed.followup.domain.playbook;

/** Who owns the follow-ups a playbook schedules. */
public enum OwnerStrategy {
    /** The account owner the event names. */
    ACCOUNT_OWNER,
    /** The team's members in turn. */
    ROUND_ROBIN
}
