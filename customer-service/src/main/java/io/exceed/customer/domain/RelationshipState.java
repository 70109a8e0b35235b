package io.exceed.customer.domain;

/** The relationship a customer has with the tenant, derived from feedback and value. */
public enum RelationshipState {
    UNRATED, ADVOCATE, LOYAL, PASSIVE, AT_RISK, DETRACTOR
}
