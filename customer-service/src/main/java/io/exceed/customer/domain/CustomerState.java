package io.exceed.customer.domain;

/** Lifecycle of a customer record. */
public enum CustomerState {
    ACTIVE, ERASED
}
