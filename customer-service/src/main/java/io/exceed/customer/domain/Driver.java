package io.exceed.customer.domain;

/** What drives a customer's choice. */
public enum Driver {
    QUALITY, PRICE, PRODUCT, LOCATION, SERVICE
}
