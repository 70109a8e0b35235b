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

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
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
        return toBuilder().status(to).history(changes).revision(revision + 1).updateTime(now);
    }

    private FailedPreconditionException illegal(String what) {
        return new FailedPreconditionException("ILLEGAL_TRANSITION",
                "follow-up '" + id + "' is " + status + " and cannot " + what);
    }

    /** A follow-up built field by field, by name: the record is too wide to build positionally. */
    public static final class Builder {
        private String id;
        private String customerId;
        private FollowUpReason reason;
        private String sourceReference;
        private String owner;
        private ContactChannel channel;
        private Priority priority;
        private Instant dueTime;
        private Instant promisedTime;
        private Instant slaDeadline;
        private boolean noSales;
        private ContactWindow contactWindow;
        private EscalationPolicy escalationPolicy;
        private FollowUpStatus status;
        private Outcome outcome;
        private Instant firstContactTime;
        private Instant closeTime;
        private int escalationLevel;
        private String escalatedTo;
        private boolean warningSent;
        private String playbook;
        private List<FollowUpChange> history = List.of();
        private long revision;
        private Instant createTime;
        private Instant updateTime;

        private Builder() {
        }

        private Builder(FollowUp from) {
            this.id = from.id;
            this.customerId = from.customerId;
            this.reason = from.reason;
            this.sourceReference = from.sourceReference;
            this.owner = from.owner;
            this.channel = from.channel;
            this.priority = from.priority;
            this.dueTime = from.dueTime;
            this.promisedTime = from.promisedTime;
            this.slaDeadline = from.slaDeadline;
            this.noSales = from.noSales;
            this.contactWindow = from.contactWindow;
            this.escalationPolicy = from.escalationPolicy;
            this.status = from.status;
            this.outcome = from.outcome;
            this.firstContactTime = from.firstContactTime;
            this.closeTime = from.closeTime;
            this.escalationLevel = from.escalationLevel;
            this.escalatedTo = from.escalatedTo;
            this.warningSent = from.warningSent;
            this.playbook = from.playbook;
            this.history = from.history;
            this.revision = from.revision;
            this.createTime = from.createTime;
            this.updateTime = from.updateTime;
        }

        public Builder id(String value) { id = value; return this; }
        public Builder customerId(String value) { customerId = value; return this; }
        public Builder reason(FollowUpReason value) { reason = value; return this; }
        public Builder sourceReference(String value) { sourceReference = value; return this; }
        public Builder owner(String value) { owner = value; return this; }
        public Builder channel(ContactChannel value) { channel = value; return this; }
        public Builder priority(Priority value) { priority = value; return this; }
        public Builder dueTime(Instant value) { dueTime = value; return this; }
        public Builder promisedTime(Instant value) { promisedTime = value; return this; }
        public Builder slaDeadline(Instant value) { slaDeadline = value; return this; }
        public Builder noSales(boolean value) { noSales = value; return this; }
        public Builder contactWindow(ContactWindow value) { contactWindow = value; return this; }
        public Builder escalationPolicy(EscalationPolicy value) { escalationPolicy = value; return this; }
        public Builder status(FollowUpStatus value) { status = value; return this; }
        public Builder outcome(Outcome value) { outcome = value; return this; }
        public Builder firstContactTime(Instant value) { firstContactTime = value; return this; }
        public Builder closeTime(Instant value) { closeTime = value; return this; }
        public Builder escalationLevel(int value) { escalationLevel = value; return this; }
        public Builder escalatedTo(String value) { escalatedTo = value; return this; }
        public Builder warningSent(boolean value) { warningSent = value; return this; }
        public Builder playbook(String value) { playbook = value; return this; }
        public Builder history(List<FollowUpChange> value) { history = value; return this; }
        public Builder revision(long value) { revision = value; return this; }
        public Builder createTime(Instant value) { createTime = value; return this; }
        public Builder updateTime(Instant value) { updateTime = value; return this; }

        public FollowUp build() {
            return new FollowUp(id, customerId, reason, sourceReference, owner, channel, priority, dueTime,
                    promisedTime, slaDeadline, noSales, contactWindow, escalationPolicy, status, outcome,
                    firstContactTime, closeTime, escalationLevel, escalatedTo, warningSent, playbook, history,
                    revision, createTime, updateTime);
        }
    }
}
