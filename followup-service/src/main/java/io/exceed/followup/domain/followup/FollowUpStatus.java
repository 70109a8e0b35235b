package io.exceed.followup.domain.followup;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Lifecycle of a follow-up. DONE and CANCELLED are final. */
public enum FollowUpStatus {
    SCHEDULED,
    DUE,
    IN_PROGRESS,
    DONE,
    CANCELLED,
    ESCALATED;

    /** The statuses in which the follow-up still needs someone to act. */
    public static final Set<FollowUpStatus> OPEN = EnumSet.of(SCHEDULED, DUE, IN_PROGRESS, ESCALATED);
    public static final List<String> OPEN_NAMES = OPEN.stream().map(Enum::name).toList();

    public boolean isOpen() {
        return OPEN.contains(this);
    }

    public boolean canBecome(FollowUpStatus next) {
        return switch (next) {
            case DUE -> this == SCHEDULED;
            case IN_PROGRESS -> this == SCHEDULED || this == DUE || this == ESCALATED;
            case DONE -> this == IN_PROGRESS || this == ESCALATED;
            case CANCELLED -> isOpen();
            case ESCALATED -> this == SCHEDULED || this == DUE || this == IN_PROGRESS;
            case SCHEDULED -> false;
        };
    }
}
