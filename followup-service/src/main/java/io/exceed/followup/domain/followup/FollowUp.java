package io.exceed.followup.domain.followup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.exceed.defaults.error.FailedPreconditionException;

/**
 * A promise to get back to one customer, owned by exactly one person. Each transition returns the next
 * revision with a history entry; an illegal one is refused and changes nothing.
 */
public record FollowUp(
        String id,
        String customerId,
        FollowUpReason reason,
        String sourceReference,
        String owner,
        ContactChannel channel,
        Priority priority,
        Instant dueTime,
        Instant promisedTime,
        Instant slaDeadline,
        boolean noSales,
        ContactWindow contactWindow,
        EscalationPolicy escalationPolicy,
        FollowUpStatus status,
        Outcome outcome,
        Instant firstContactTime,
        Instant closeTime,
        int escalationLevel,
        String escalatedTo,
        boolean warningSent,
        String playbook,
        List<FollowUpChange> history,
        long revision,
        Instant createTime,
        Instant updateTime) {

    public static final String SCHEDULER = "scheduler";

    public FollowUp {
        history = List.copyOf(history);
    }

    /**
     * When the warning is due: the policy's share of the (working) time the SLA gives, from its start to its
     * deadline. A follow-up created directly has its SLA from creation; a playbook's runs from the due time, which
     * may lie days after the event (a check-in after a delay), so its warning never comes before it is due.
     */
    public Instant warningTime() {
        Instant start = playbook != null && dueTime.isAfter(createTime) ? dueTime : createTime;
        return escalationPolicy.warningTime(start.isBefore(slaDeadline) ? start : slaDeadline, slaDeadline);
    }

    /** What the scheduler must do next for this follow-up, if anything. */
    public Optional<Milestone> nextMilestone() {
        if (status == FollowUpStatus.DONE) {
            return doneAnnounced() ? Optional.empty() : Optional.of(new Milestone(MilestoneKind.DONE, closeTime, 0));
        }
        return upcomingMilestones().stream().findFirst();
    }

    /**
     * What the scheduler will do for this open follow-up unless it is done first, in time order: become due, warn,
     * breach the SLA, then each escalation step not yet taken.
     */
    public List<Milestone> upcomingMilestones() {
        if (!status.isOpen()) {
            return List.of();
        }
        List<Milestone> upcoming = new ArrayList<>();
        if (status == FollowUpStatus.SCHEDULED) {
            upcoming.add(new Milestone(MilestoneKind.DUE, dueTime, 0));
        }
        if (status != FollowUpStatus.ESCALATED) {
            if (!warningSent) {
                upcoming.add(new Milestone(MilestoneKind.WARNING, warningTime(), 0));
            }
            upcoming.add(new Milestone(MilestoneKind.BREACH, slaDeadline, 0));
        }
        for (int step = escalationLevel; step < escalationPolicy.steps().size(); step++) {
            upcoming.add(new Milestone(MilestoneKind.ESCALATION, escalationPolicy.stepTime(step, slaDeadline), step));
        }
        upcoming.sort(Comparator.comparing(Milestone::time).thenComparing(Milestone::kind));
        return upcoming;
    }

    /**
     * Whether the scheduler announced the completion: its history entry (DONE to DONE, by the scheduler) is the
     * record, so a follow-up completed once is announced once, also after a crash between the event and the write.
     */
    public boolean doneAnnounced() {
        return history.stream().anyMatch(change -> SCHEDULER.equals(change.actor())
                && change.from() == FollowUpStatus.DONE && change.to() == FollowUpStatus.DONE);
    }

    /** Whether the scheduler announced the SLA breach: reaching it is the only change to ESCALATED. */
    public boolean breachAnnounced() {
        return history.stream().anyMatch(change -> SCHEDULER.equals(change.actor())
                && change.to() == FollowUpStatus.ESCALATED);
    }

    /** Applies a milestone the scheduler reached. */
    public FollowUp reach(Milestone milestone, Instant now) {
        return switch (milestone.kind()) {
            case DUE -> next(FollowUpStatus.DUE, SCHEDULER, "due", now).build();
            case WARNING -> next(status, SCHEDULER, "warning: " + escalationPolicy.warningPercent()
                    + "% of the SLA has passed", now).warningSent(true).build();
            case BREACH -> next(FollowUpStatus.ESCALATED, SCHEDULER, "SLA deadline passed", now)
                    .warningSent(true).build();
            case ESCALATION -> {
                String target = escalationPolicy.steps().get(milestone.step()).target();
                yield next(status, SCHEDULER, "escalated to " + target, now)
                        .escalationLevel(milestone.step() + 1).escalatedTo(target).build();
            }
            case DONE -> next(FollowUpStatus.DONE, SCHEDULER, "completion announced", now).build();
        };
    }

    /**
     * The contact governor would not let the owner contact the customer at the due time: the follow-up stays
     * scheduled and becomes due at {@code until}, the earliest time the governor allows.
     */
    public FollowUp defer(Instant until, String why, Instant now) {
        if (status != FollowUpStatus.SCHEDULED) {
            throw illegal("be deferred");
        }
        return next(status, SCHEDULER, "contact deferred to " + until + ": " + why, now).dueTime(until).build();
    }

    /**
     * The customer allows no contact on the follow-up's channel but does on {@code allowed}: the owner reaches them
     * that way instead, so the follow-up is not dropped for want of consent on one channel.
     */
    public FollowUp switchChannel(ContactChannel allowed, String why, Instant now) {
        if (status != FollowUpStatus.SCHEDULED) {
            throw illegal("change channel");
        }
        return next(status, SCHEDULER, "channel changed from " + channel + " to " + allowed + ": " + why, now)
                .channel(allowed).build();
    }

    public FollowUp start(String actor, Instant now) {
        Builder next = next(FollowUpStatus.IN_PROGRESS, actor, "contact made", now);
        return (firstContactTime == null ? next.firstContactTime(now) : next).build();
    }

    public FollowUp complete(Outcome result, String actor, Instant now) {
        return next(FollowUpStatus.DONE, actor, "done", now).outcome(result).closeTime(now).build();
    }

    public FollowUp cancel(String why, String actor, Instant now) {
        return next(FollowUpStatus.CANCELLED, actor, "cancelled: " + why, now).closeTime(now).build();
    }

    public FollowUp reassign(String newOwner, String actor, Instant now) {
        if (!status.isOpen()) {
            throw illegal("be reassigned");
        }
        return next(status, actor, "reassigned from " + owner + " to " + newOwner, now).owner(newOwner).build();
    }

    private Builder next(FollowUpStatus to, String actor, String description, Instant now) {
        if (to != status && !status.canBecome(to)) {
            throw illegal("become " + to);
        }
        List<FollowUpChange> changes = new ArrayList<>(history);
        changes.add(new FollowUpChange(now, actor, status, to, description));
        return new Builder(this).status(to).history(changes).revision(revision + 1).updateTime(now);
    }

    private FailedPreconditionException illegal(String what) {
        return new FailedPreconditionException("ILLEGAL_TRANSITION",
                "follow-up '" + id + "' is " + status + " and cannot " + what);
    }

    /** Copies a follow-up with some fields changed; only transitions use it. */
    private static final class Builder {
        private final FollowUp from;
        private String owner;
        private ContactChannel channel;
        private Instant dueTime;
        private FollowUpStatus status;
        private Outcome outcome;
        private Instant firstContactTime;
        private Instant closeTime;
        private int escalationLevel;
        private String escalatedTo;
        private boolean warningSent;
        private List<FollowUpChange> history;
        private long revision;
        private Instant updateTime;

        Builder(FollowUp from) {
            this.from = from;
            this.owner = from.owner;
            this.channel = from.channel;
            this.dueTime = from.dueTime;
            this.status = from.status;
            this.outcome = from.outcome;
            this.firstContactTime = from.firstContactTime;
            this.closeTime = from.closeTime;
            this.escalationLevel = from.escalationLevel;
            this.escalatedTo = from.escalatedTo;
            this.warningSent = from.warningSent;
            this.history = from.history;
            this.revision = from.revision;
            this.updateTime = from.updateTime;
        }

        Builder owner(String value) { owner = value; return this; }
        Builder channel(ContactChannel value) { channel = value; return this; }
        Builder dueTime(Instant value) { dueTime = value; return this; }
        Builder status(FollowUpStatus value) { status = value; return this; }
        Builder outcome(Outcome value) { outcome = value; return this; }
        Builder firstContactTime(Instant value) { firstContactTime = value; return this; }
        Builder closeTime(Instant value) { closeTime = value; return this; }
        Builder escalationLevel(int value) { escalationLevel = value; return this; }
        Builder escalatedTo(String value) { escalatedTo = value; return this; }
        Builder warningSent(boolean value) { warningSent = value; return this; }
        Builder history(List<FollowUpChange> value) { history = value; return this; }
        Builder revision(long value) { revision = value; return this; }
        Builder updateTime(Instant value) { updateTime = value; return this; }

        FollowUp build() {
            return new FollowUp(from.id, from.customerId, from.reason, from.sourceReference, owner, channel,
                    from.priority, dueTime, from.promisedTime, from.slaDeadline, from.noSales,
                    from.contactWindow, from.escalationPolicy, status, outcome, firstContactTime, closeTime,
                    escalationLevel, escalatedTo, warningSent, from.playbook, history, revision, from.createTime,
                    updateTime);
        }
    }
}
