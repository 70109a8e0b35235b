package io.exceed.followup.domain.playbook;

/** Whether a playbook is evaluated. */
public enum PlaybookState {
    ACTIVE,
    ARCHIVED
}
