package io.exceed.followup.domain.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventSink;
import io.exceed.followup.domain.event.FollowUpEventType;
import io.exceed.followup.domain.followup.ContactChannel;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.followup.Milestone;
import io.exceed.followup.domain.followup.MilestoneKind;

/**
 * Acts on due milestones (due, warning, breach, escalation) on any number of replicas. Each run claims a
 * bounded batch with leases, hands every milestone's event to the sink, then stores the follow-up's new state
 * and releases the lease in one conditional write. A replica that dies anywhere in between leaves its lease to
 * expire: the next claimant reaches the same milestones again and produces the same event ids, which the sinks
 * store once, so nothing is lost and receivers can discard what they already have.
 * <p>
 * Before a follow-up becomes due (its owner is told to contact the customer) the contact governor is asked, if one
 * is configured. Granted: it becomes due. Not now (quiet hours, budget): its due time moves to the time the
 * governor gives, with a history entry saying why. No consent for its channel but for another: it moves to the
 * first channel the customer allows (nobody is left uncalled for want of one channel) and the governor is asked
 * again. Never (no channel allowed, unknown customer): it is cancelled with the reason, and no DUE is announced.
 * The governor unreachable: nothing is granted unchecked; the follow-up keeps
 * its lease, unchanged, and is claimed and asked again once the lease expires. The governor refusing the request
 * itself (it cannot change its answer until someone fixes the cause): the follow-up is reported to {@link
 * ContactCheckRefusals} and deferred by {@link #RECHECK_AFTER_REJECTION}, so it is neither dropped nor asked about
 * at every lease; its SLA runs on, so a breach still escalates it.
 */
public class MilestoneScheduler {

    private final FollowUpSchedule schedule;
    private final FollowUpEventSink sink;
    /** How long a follow-up whose contact check was refused waits before it is asked about again by itself. */
    public static final Duration RECHECK_AFTER_REJECTION = Duration.ofHours(24);

    private final Optional<ContactGovernor> governor;
    private final ContactCheckRefusals refusals;
    private final Clock clock;
    private final String replica;
    private final Duration lease;
    private final int batchSize;

    public MilestoneScheduler(FollowUpSchedule schedule, FollowUpEventSink sink, Optional<ContactGovernor> governor,
            ContactCheckRefusals refusals, Clock clock, String replica, Duration lease, int batchSize) {
        this.schedule = schedule;
        this.sink = sink;
        this.governor = governor;
        this.refusals = refusals;
        this.clock = clock;
        this.replica = replica;
        this.lease = lease;
        this.batchSize = batchSize;
    }

    /**
     * What one run did.
     *
     * @param held follow-ups left under their lease because the contact governor could not be asked
     */
    public record Run(int claimed, int advanced, int held, boolean full) {
    }

    private enum Acted { ADVANCED, UNCHANGED, HELD }

    /**
     * One run: claims a batch and acts on it. A follow-up that fails (the store or a sink is unavailable) has its
     * lease released for the next run; the rest of the batch still goes ahead, then the first failure is thrown.
     */
    public Run runOnce() {
        Instant now = clock.instant();
        List<ClaimedFollowUp> claimed = schedule.claimDue(now, replica, now.plus(lease), batchSize);
        int advanced = 0;
        int held = 0;
        RuntimeException failure = null;
        for (ClaimedFollowUp claim : claimed) {
            try {
                Acted acted = act(claim, now);
                advanced += acted == Acted.ADVANCED ? 1 : 0;
                held += acted == Acted.HELD ? 1 : 0;
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
                releaseQuietly(claim, failure);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new Run(claimed.size(), advanced, held, claimed.size() == batchSize);
    }

    /** A lease that cannot be released now simply expires. */
    private void releaseQuietly(ClaimedFollowUp claim, RuntimeException failure) {
        try {
            schedule.release(claim.tenant(), claim.followUp().id(), replica);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private Acted act(ClaimedFollowUp claim, Instant now) {
        FollowUp original = claim.followUp();
        FollowUp current = original;
        // Channels asked about in this run, so consent changing under us cannot make the channels go round.
        Set<ContactChannel> tried = EnumSet.of(original.channel());
        for (Optional<Milestone> next = current.nextMilestone(); next.isPresent() && !next.get().time().isAfter(now);
                next = current.nextMilestone()) {
            Milestone milestone = next.get();
            if (milestone.kind() == MilestoneKind.DUE && governor.isPresent()) {
                Optional<ContactGovernor.Decision> decision = ask(claim.tenant(), current, now);
                if (decision.isEmpty()) {
                    // Kept under lease, unchanged: claimed again when the lease expires. Milestones reached before
                    // this one are reached again then, under the same event ids.
                    return Acted.HELD;
                }
                if (decision.get() instanceof ContactGovernor.Deferred deferred) {
                    current = current.defer(deferred.until(), deferred.reason(), now);
                    continue;
                }
                if (decision.get() instanceof ContactGovernor.Rejected rejected) {
                    refusals.refused(claim.tenant(), current, rejected.reason());
                    current = current.defer(now.plus(RECHECK_AFTER_REJECTION), rejected.reason()
                            + "; asked again then, or at once when its dead letter is retried", now);
                    continue;
                }
                if (decision.get() instanceof ContactGovernor.Refused refused) {
                    Optional<ContactChannel> instead = refused.allowedChannels().stream()
                            .filter(channel -> !tried.contains(channel)).findFirst();
                    if (instead.isPresent()) {
                        tried.add(instead.get());
                        current = current.switchChannel(instead.get(), refused.reason(), now);
                    } else {
                        current = current.cancel("the contact governor refused the contact: " + refused.reason()
                                + (refused.allowedChannels().isEmpty() ? "; the customer allows no channel" : ""),
                                FollowUp.SCHEDULER, now);
                    }
                    continue;
                }
            }
            current = current.reach(milestone, now);
            sink.accept(claim.tenant(), new FollowUpEvent(original.id() + "." + milestone.key(),
                    FollowUpEventType.of(milestone.kind()), current,
                    milestone.kind() == MilestoneKind.ESCALATION ? current.escalatedTo() : null, milestone.time()));
        }
        if (current == original) {
            schedule.release(claim.tenant(), original.id(), replica);
            return Acted.UNCHANGED;
        }
        if (!schedule.advance(claim.tenant(), current, original.revision())) {
            // Changed through the API meanwhile: the next run recomputes from what is stored now.
            schedule.release(claim.tenant(), original.id(), replica);
            return Acted.UNCHANGED;
        }
        return Acted.ADVANCED;
    }

    /** The governor's decision; empty when it cannot be had now (or names no later time to defer to). */
    private Optional<ContactGovernor.Decision> ask(TenantId tenant, FollowUp followUp, Instant now) {
        ContactGovernor.Decision decision;
        try {
            decision = governor.orElseThrow().reserve(tenant, followUp, now);
        } catch (ContactGovernor.Unavailable e) {
            return Optional.empty();
        }
        if (decision instanceof ContactGovernor.Deferred deferred && !deferred.until().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(decision);
    }
}
