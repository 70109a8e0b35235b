package io.exceed.customer.domain;

import java.util.List;
import java.util.Optional;

/** One page of a listing and the position after its last item, if more follow. */
public record Page<T>(List<T> items, Optional<String> nextPosition) {
}
