package io.exceed.customer.domain;

/** A way of reaching a customer; consent is given per channel. */
public enum Channel {
    EMAIL, SMS, PHONE, IN_APP, IN_PERSON, POST
}
