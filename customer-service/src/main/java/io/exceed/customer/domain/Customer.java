package io.exceed.customer.domain;

import java.time.Instant;

/** A customer of a tenant, as stored. */
public record Customer(
        String id,
        CustomerProfile profile,
        RelationshipState relationship,
        CustomerState state,
        long version,
        Instant createTime,
        Instant updateTime,
        Instant latestExpectationTime) {

    public static Customer create(String id, CustomerProfile profile, Instant now) {
        return new Customer(id, profile, RelationshipState.UNRATED, CustomerState.ACTIVE, 1, now, now, null);
    }

    public boolean isErased() {
        return state == CustomerState.ERASED;
    }

    public Customer withProfile(CustomerProfile changed, Instant now) {
        return new Customer(id, changed, relationship, state, version + 1, createTime, now, latestExpectationTime);
    }

    public Customer withRelationship(RelationshipState changed, Instant now) {
        return new Customer(id, profile, changed, state, version + 1, createTime, now, latestExpectationTime);
    }

    public Customer erase(Instant now) {
        return new Customer(id, CustomerProfile.erased(), relationship, CustomerState.ERASED, version + 1, createTime,
                now, latestExpectationTime);
    }
}
