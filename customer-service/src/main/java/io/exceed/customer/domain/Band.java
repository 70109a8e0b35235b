package io.exceed.customer.domain;

/** A three-step rating for value attributes; UNRATED when not given. */
public enum Band {
    UNRATED, LOW, MEDIUM, HIGH
}
