package io.exceed.feedback.domain.response;

/** How a response arrived. */
public enum ResponseSource {
    INVITATION, INTEGRATOR
}
