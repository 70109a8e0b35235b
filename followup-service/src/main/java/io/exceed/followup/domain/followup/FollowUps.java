package io.exceed.followup.domain.followup;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;

import io.exceed.defaults.customers.CustomerDirectory;
import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.error.VersionConflictException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** Scheduling follow-ups and moving them through their lifecycle. */
public class FollowUps {

    private static final String RESOURCE = "follow-up";
    private static final int MAX_ATTEMPTS = 5;

    private final FollowUpStore store;
    private final ErasedCustomers erased;
    private final CustomerDirectory directory;
    private final LocalTime defaultQuietStart;
    private final LocalTime defaultQuietEnd;
    private final Clock clock;

    public FollowUps(FollowUpStore store, ErasedCustomers erased, CustomerDirectory directory,
            LocalTime defaultQuietStart, LocalTime defaultQuietEnd, Clock clock) {
        this.store = store;
        this.erased = erased;
        this.directory = directory;
        this.defaultQuietStart = defaultQuietStart;
        this.defaultQuietEnd = defaultQuietEnd;
        this.clock = clock;
    }

    /**
     * Schedules a follow-up, or returns the one already scheduled for the same source reference and reason.
     * Due and promised times are moved out of the customer's quiet hours; check-ins are always no-sales.
     */
    public FollowUp create(TenantId tenant, CreateFollowUp command, Violations violations) {
        return create(tenant, command, "follow_up.", violations);
    }

    /**
     * As above, naming invalid fields under {@code prefix} (a playbook names the event's fields). A customer the
     * tenant does not have gets no follow-up (NOT_FOUND), nor does an erased one (FAILED_PRECONDITION CUSTOMER_ERASED); one stored while the customer's erasure ran, which the
     * erasure may have missed, is removed again and refused the same way.
     */
    public FollowUp create(TenantId tenant, CreateFollowUp command, String prefix, Violations violations) {
        FollowUp scheduled = schedule(command.draft(), command.actor(), prefix, violations);
        erased.refuseIfErased(tenant, scheduled.customerId());
        directory.requireKnown(tenant, scheduled.customerId());
        FollowUp stored = store.insert(tenant, scheduled, command.requestId());
        if (erased.contains(tenant, scheduled.customerId())) {
            if (stored.id().equals(scheduled.id())) {
                store.delete(tenant, stored.id());
            }
            throw ErasedCustomers.refusal(scheduled.customerId());
        }
        return stored;
    }

    /** Checks a draft and builds the follow-up it asks for, without storing it; throws if it is invalid. */
    public FollowUp schedule(FollowUpDraft draft, String actor, String prefix, Violations violations) {
        Instant now = clock.instant();
        FollowUpRules.checkDraft(draft, now, prefix, violations);
        ContactWindow window = FollowUpRules.contactWindow(draft, defaultQuietStart, defaultQuietEnd, prefix,
                violations);
        String by = FollowUpRules.actor(actor, violations);
        violations.throwIfAny();
        Instant due = window == null ? draft.dueTime() : window.earliestAllowed(draft.dueTime());
        Instant promised = window == null ? draft.promisedTime() : window.earliestAllowed(draft.promisedTime());
        EscalationPolicy policy = draft.escalationPolicy() == null ? EscalationPolicy.defaults()
                : new EscalationPolicy(draft.escalationPolicy().warningPercent(),
                        FollowUpRules.strippedSteps(draft.escalationPolicy()), draft.escalationPolicy().calendar());
        String description = due.equals(draft.dueTime()) ? "created"
                : "created; due time moved out of the customer's quiet hours";
        return FollowUp.builder()
                .id(TimeOrderedIds.next())
                .customerId(draft.customerId().strip())
                .reason(draft.reason())
                .sourceReference(draft.sourceReference().strip())
                .owner(draft.owner().strip())
                .channel(draft.channel())
                .priority(draft.priority() == null ? Priority.NORMAL : draft.priority())
                .dueTime(due)
                .promisedTime(promised)
                .slaDeadline(draft.slaDeadline() == null ? now.plus(draft.sla()) : draft.slaDeadline())
                .noSales(draft.noSales() || draft.reason().isCheckIn())
                .contactWindow(window)
                .escalationPolicy(policy)
                .status(FollowUpStatus.SCHEDULED)
                .playbook(draft.playbook())
                .history(List.of(new FollowUpChange(now, by, null, FollowUpStatus.SCHEDULED, description)))
                .createTime(now)
                .updateTime(now)
                .build();
    }

    public FollowUp get(TenantId tenant, String id) {
        return store.find(tenant, id).orElseThrow(() -> new NotFoundException(RESOURCE, id));
    }

    /** The follow-up already scheduled for this source reference and reason, if any. */
    public Optional<FollowUp> findBySource(TenantId tenant, String sourceReference, FollowUpReason reason) {
        return store.findBySource(tenant, sourceReference, reason);
    }

    public Page<FollowUp> list(TenantId tenant, FollowUpFilter filter, Optional<String> afterId, int limit) {
        return store.list(tenant, filter, afterId, limit);
    }

    public FollowUp start(TenantId tenant, StartFollowUp command, Violations violations) {
        String by = FollowUpRules.actor(command.actor(), violations);
        violations.throwIfAny();
        return change(tenant, command.id(), command.expectedRevision(), command.requestId(),
                (current, now) -> current.start(by, now));
    }

    public FollowUp complete(TenantId tenant, CompleteFollowUp command, Violations violations) {
        String by = FollowUpRules.actor(command.actor(), violations);
        FollowUp current = get(tenant, command.id());
        Outcome checked = FollowUpRules.outcome(command.outcome(), current.reason(), "outcome.", violations);
        violations.throwIfAny();
        return change(tenant, command.id(), command.expectedRevision(), command.requestId(),
                (latest, now) -> latest.complete(checked, by, now));
    }

    public FollowUp cancel(TenantId tenant, CancelFollowUp command, Violations violations) {
        String why = FollowUpRules.text(command.reason(), FollowUpRules.MAX_REASON, "reason", violations);
        String by = FollowUpRules.actor(command.actor(), violations);
        violations.throwIfAny();
        return change(tenant, command.id(), command.expectedRevision(), command.requestId(),
                (current, now) -> current.cancel(why, by, now));
    }

    public FollowUp reassign(TenantId tenant, ReassignFollowUp command, Violations violations) {
        String newOwner = FollowUpRules.text(command.owner(), FollowUpRules.MAX_TEXT, "owner", violations);
        String by = FollowUpRules.actor(command.actor(), violations);
        violations.throwIfAny();
        return change(tenant, command.id(), command.expectedRevision(), command.requestId(),
                (current, now) -> current.reassign(newOwner, by, now));
    }

    /**
     * A follow-up whose contact check was refused becomes due now, so the scheduler asks the governor again at its
     * next run; one that has moved on meanwhile (started, done, cancelled) is left as it is.
     */
    public FollowUp checkContactAgain(TenantId tenant, String id) {
        return change(tenant, id, OptionalLong.empty(), Optional.empty(),
                (current, now) -> current.status() == FollowUpStatus.SCHEDULED
                        ? current.defer(now, "its contact check is retried", now) : current);
    }

    /**
     * Applies a transition with optimistic concurrency: a concurrent change (the scheduler's, for instance) makes
     * this one retry on the new revision, or fail with ABORTED when the caller pinned the revision it read.
     */
    private FollowUp change(TenantId tenant, String id, OptionalLong expectedRevision, Optional<String> requestId,
            BiFunction<FollowUp, Instant, FollowUp> transition) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            FollowUp current = get(tenant, id);
            if (requestId.isPresent() && store.hasApplied(tenant, id, requestId.get())) {
                return current;
            }
            if (expectedRevision.isPresent() && expectedRevision.getAsLong() != current.revision()) {
                throw new VersionConflictException(expectedRevision.getAsLong(), current.revision());
            }
            FollowUp updated = transition.apply(current, clock.instant());
            if (store.replace(tenant, updated, current.revision(), requestId)) {
                return updated;
            }
        }
        FollowUp latest = get(tenant, id);
        throw new VersionConflictException(latest.revision() - 1, latest.revision());
    }
}
