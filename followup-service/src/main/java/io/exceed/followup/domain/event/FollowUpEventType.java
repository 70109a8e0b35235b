package io.exceed.followup.domain.event;

import io.exceed.followup.domain.followup.MilestoneKind;

/** Kinds of follow-up event, one per milestone kind. */
public enum FollowUpEventType {
    DUE,
    WARNING,
    BREACHED,
    ESCALATED,
    DONE;

    public static FollowUpEventType of(MilestoneKind kind) {
        return switch (kind) {
            case DUE -> DUE;
            case WARNING -> WARNING;
            case BREACH -> BREACHED;
            case ESCALATION -> ESCALATED;
            case DONE -> DONE;
        };
    }
}
