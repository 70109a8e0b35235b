package io.exceed.feedback.domain.response;

/** The channel an invitation is sent on (the contact channels of the contact governor). */
public enum Channel {
    EMAIL, SMS, PHONE, IN_APP, IN_PERSON, POST
}
