package io.exceed.followup.domain.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventSink;
import io.exceed.followup.domain.event.FollowUpEventType;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.followup.Milestone;
import io.exceed.followup.domain.followup.MilestoneKind;

/**
 * Acts on due milestones (due, warning, breach, escalation) on any number of replicas. Each run claims a
 * bounded batch with leases, hands every milestone's event to the sink, then stores the follow-up's new state
 * and releases the lease in one conditional write. A replica that dies anywhere in between leaves its lease to
 * expire: the next claimant reaches the same milestones again and produces the same event ids, which the sinks
 * store once, so nothing is lost and receivers can discard what they already have.
 */
public class MilestoneScheduler {

    private final FollowUpSchedule schedule;
    private final FollowUpEventSink sink;
    private final Clock clock;
    private final String replica;
    private final Duration lease;
    private final int batchSize;

    public MilestoneScheduler(FollowUpSchedule schedule, FollowUpEventSink sink, Clock clock, String replica,
            Duration lease, int batchSize) {
        this.schedule = schedule;
        this.sink = sink;
        this.clock = clock;
        this.replica = replica;
        this.lease = lease;
        this.batchSize = batchSize;
    }

    /** What one run did. */
    public record Run(int claimed, int advanced, boolean full) {
    }

    /**
     * One run: claims a batch and acts on it. A follow-up that fails (the store or a sink is unavailable) has its
     * lease released for the next run; the rest of the batch still goes ahead, then the first failure is thrown.
     */
    public Run runOnce() {
        Instant now = clock.instant();
        List<ClaimedFollowUp> claimed = schedule.claimDue(now, replica, now.plus(lease), batchSize);
        int advanced = 0;
        RuntimeException failure = null;
        for (ClaimedFollowUp claim : claimed) {
            try {
                advanced += act(claim, now) ? 1 : 0;
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
                releaseQuietly(claim, failure);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new Run(claimed.size(), advanced, claimed.size() == batchSize);
    }

    /** A lease that cannot be released now simply expires. */
    private void releaseQuietly(ClaimedFollowUp claim, RuntimeException failure) {
        try {
            schedule.release(claim.tenant(), claim.followUp().id(), replica);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private boolean act(ClaimedFollowUp claim, Instant now) {
        FollowUp original = claim.followUp();
        FollowUp current = original;
        for (Optional<Milestone> next = current.nextMilestone(); next.isPresent() && !next.get().time().isAfter(now);
                next = current.nextMilestone()) {
            Milestone milestone = next.get();
            current = current.reach(milestone, now);
            sink.accept(claim.tenant(), new FollowUpEvent(original.id() + "." + milestone.key(),
                    FollowUpEventType.of(milestone.kind()), current,
                    milestone.kind() == MilestoneKind.ESCALATION ? current.escalatedTo() : null, milestone.time()));
        }
        if (current == original) {
            schedule.release(claim.tenant(), original.id(), replica);
            return false;
        }
        if (!schedule.advance(claim.tenant(), current, original.revision())) {
            // Changed through the API meanwhile: the next run recomputes from what is stored now.
            schedule.release(claim.tenant(), original.id(), replica);
            return false;
        }
        return true;
    }
}
