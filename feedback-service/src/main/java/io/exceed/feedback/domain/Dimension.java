package io.exceed.feedback.domain;

/** The nine service dimensions customers expect a level on and rate (shared with customer-service's contract). */
public enum Dimension {
    RELIABILITY, RESPONSIVENESS, ACCESSIBILITY, SAFETY, COURTESY, CONSIDERATION, COMMUNICATION, RECOGNITION,
    COMPETENCE
}
