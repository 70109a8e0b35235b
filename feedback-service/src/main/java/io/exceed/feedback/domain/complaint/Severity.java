package io.exceed.feedback.domain.complaint;

/** How bad a complaint is. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL
}
