package io.exceed.feedback.domain.response;

/** Where an invitation is. */
public enum InvitationState {
    PENDING, RESPONDED, EXPIRED, REVOKED
}
