package io.exceed.customer.domain;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Change the fields of the customer's profile that {@code mask} names (all when empty) to those of {@code patch}.
 * An expected version, when given, must be the current one.
 */
public record UpdateCustomer(String id, CustomerProfile patch, List<String> mask, OptionalLong expectedVersion,
        Optional<String> requestId) {
}
