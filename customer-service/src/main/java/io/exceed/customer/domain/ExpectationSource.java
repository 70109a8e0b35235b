package io.exceed.customer.domain;

/** How expectations were learned. */
public enum ExpectationSource {
    SURVEY, INTERVIEW, INFERRED
}
