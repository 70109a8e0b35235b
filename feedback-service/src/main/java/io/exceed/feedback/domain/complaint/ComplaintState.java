package io.exceed.feedback.domain.complaint;

import java.util.Set;

/** Where a complaint is. OPEN → ACKNOWLEDGED → RESOLVED → CLOSED; RESOLVED or CLOSED → OPEN when reopened. */
public enum ComplaintState {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED,
    CLOSED;

    /** Not yet resolved: relationship surveys are held while one exists. */
    public boolean isOpen() {
        return this == OPEN || this == ACKNOWLEDGED;
    }

    boolean canBecome(ComplaintState next) {
        return switch (this) {
            case OPEN -> next == ACKNOWLEDGED;
            case ACKNOWLEDGED -> next == RESOLVED;
            case RESOLVED -> Set.of(CLOSED, OPEN).contains(next);
            case CLOSED -> next == OPEN;
        };
    }
}
