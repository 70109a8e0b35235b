package io.exceed.defaults.paging;

import java.util.List;
import java.util.Optional;

/** One page of a listing and the position to continue after, if there is more. */
public record Page<T>(List<T> items, Optional<String> nextPosition) {
}
