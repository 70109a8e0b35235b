package io.exceed.followup.domain.followup;

/** How the owner reaches the customer. */
public enum ContactChannel {
    EMAIL,
    SMS,
    PHONE,
    IN_APP,
    IN_PERSON,
    POST
}
