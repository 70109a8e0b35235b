package io.exceed.customer.domain;

/** The nine dimensions of service a customer has expectations about. */
public enum ServiceDimension {
    RELIABILITY, RESPONSIVENESS, ACCESSIBILITY, SAFETY, COURTESY, CONSIDERATION, COMMUNICATION, RECOGNITION,
    COMPETENCE
}
