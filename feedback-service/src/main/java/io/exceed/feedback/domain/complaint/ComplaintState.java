package io.exceed.feedback.domain.complaint;

import java.util.List;
import java.util.Set;

/** Where a complaint is. OPEN → ACKNOWLEDGED → RESOLVED → CLOSED; RESOLVED or CLOSED → OPEN when reopened. */
public enum ComplaintState {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED,
    CLOSED;

    /** Not yet resolved: relationship surveys are held while one exists, and summaries count them as open. */
    public static final List<String> OPEN_NAMES = List.of(OPEN.name(), ACKNOWLEDGED.name());

    boolean canBecome(ComplaintState next) {
        return switch (this) {
            case OPEN -> next == ACKNOWLEDGED;
            case ACKNOWLEDGED -> next == RESOLVED;
            case RESOLVED -> Set.of(CLOSED, OPEN).contains(next);
            case CLOSED -> next == OPEN;
        };
    }
}
