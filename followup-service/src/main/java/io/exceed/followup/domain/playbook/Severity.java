package io.exceed.followup.domain.playbook;

/** How bad a complaint is, least severe first. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
