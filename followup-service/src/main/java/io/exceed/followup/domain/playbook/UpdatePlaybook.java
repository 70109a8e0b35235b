package io.exceed.followup.domain.playbook;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Make the playbook's next version from the fields of {@code patch} that {@code mask} names (all when empty). An
 * expected revision, when given, must be the current one.
 */
public record UpdatePlaybook(String id, PlaybookDefinition patch, List<String> mask, OptionalLong expectedRevision,
        Optional<String> requestId) {
}
