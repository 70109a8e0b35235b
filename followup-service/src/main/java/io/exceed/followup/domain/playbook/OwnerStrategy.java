package io.exceed.followup.domain.playbook;

/**
 * Who owns the follow-ups a playbook schedules. Nobody is dropped: without an account owner the team takes its turn
 * if the playbook names one, else the tenant's default queue owns the follow-up.
 */
public enum OwnerStrategy {
    /** The account owner the event names; without one, the team in turn, else the default queue. */
    ACCOUNT_OWNER,
    /** The team's members in turn. */
    ROUND_ROBIN
}
