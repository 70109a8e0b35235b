package io.exceed.feedback.domain.complaint;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;

import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.error.VersionConflictException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.erasure.ErasedCustomerGuard;
import io.exceed.defaults.paging.Page;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.event.FeedbackEventType;

/** Complaint intake and lifecycle: thanked at once, resolved only with a remedy and a root cause. */
public class Complaints {

    private static final String RESOURCE = "complaint";
    private static final int MAX_ATTEMPTS = 5;

    private final ComplaintStore store;
    private final AcknowledgementTemplates templates;
    private final ErasedCustomerGuard erased;
    private final Clock clock;

    public Complaints(ComplaintStore store, AcknowledgementTemplates templates, ErasedCustomerGuard erased,
            Clock clock) {
        this.store = store;
        this.templates = templates;
        this.erased = erased;
        this.clock = clock;
    }

    /** Receives a complaint and acknowledges it in the same write; an erased customer's is refused. */
    public Complaint create(TenantId tenant, Complaint draft, Optional<String> requestId, Violations violations) {
        Instant now = clock.instant();
        Complaint intake = ComplaintRules.normalizeIntake(draft, "complaint.", violations);
        violations.throwIfAny();
        erased.requireKnown(tenant, intake.customerId());
        Complaint received = Complaint.builder().id(TimeOrderedIds.next()).customerId(intake.customerId())
                .channel(intake.channel()).category(intake.category()).severity(intake.severity()).text(intake.text())
                .language(intake.language()).orderReference(intake.orderReference()).state(ComplaintState.OPEN)
                .createTime(now).updateTime(now).build();
        Complaint acknowledged = received.acknowledge(templates.acknowledge(received, now));
        Complaint stored = store.insert(tenant, acknowledged,
                List.of(event(FeedbackEventType.COMPLAINT_OPENED, acknowledged, now)), requestId);
        erased.refuseIfErasedMeanwhile(tenant, intake.customerId());
        return stored;
    }

    public Complaint get(TenantId tenant, String id) {
        return store.find(tenant, id).orElseThrow(() -> new NotFoundException(RESOURCE, id));
    }

    public Page<Complaint> list(TenantId tenant, ComplaintFilter filter, Optional<String> afterId, int limit) {
        return store.list(tenant, filter, afterId, limit);
    }

    /** Acknowledges an open complaint, with the tenant's template unless a message is given. */
    public Complaint acknowledge(TenantId tenant, AcknowledgeComplaint command, Violations violations) {
        String custom = ComplaintRules.normalizeNote(command.message(), false, "message", violations);
        violations.throwIfAny();
        return change(tenant, command.id(), command.expectedRevision(), command.requestId(), (current, now) -> {
            Acknowledgement ack = templates.acknowledge(current, now);
            return current.acknowledge(custom.isEmpty() ? ack : new Acknowledgement(custom, current.language(), now));
        });
    }

    public Complaint resolve(TenantId tenant, ResolveComplaint command, Violations violations) {
        Resolution checked = ComplaintRules.normalizeResolution(command.resolution(), "resolution.", violations);
        violations.throwIfAny();
        return change(tenant, command.id(), command.expectedRevision(), command.requestId(),
                (current, now) -> current.resolve(checked, now));
    }

    public Complaint close(TenantId tenant, String id, OptionalLong expectedRevision, Optional<String> requestId) {
        return change(tenant, id, expectedRevision, requestId, (current, now) -> current.close(now));
    }

    /** Reopens a resolved or closed complaint; for the feed it is opened again. */
    public Complaint reopen(TenantId tenant, ReopenComplaint command, Violations violations) {
        ComplaintRules.normalizeNote(command.reason(), true, "reason", violations);
        violations.throwIfAny();
        return change(tenant, command.id(), command.expectedRevision(), command.requestId(),
                (current, now) -> current.reopen(now));
    }

    /**
     * Applies a transition with optimistic concurrency: a concurrent change makes this one retry on the new
     * revision (or fail with ABORTED when the caller pinned the revision it read).
     */
    private Complaint change(TenantId tenant, String id, OptionalLong expectedRevision, Optional<String> requestId,
            BiFunction<Complaint, Instant, Complaint> transition) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Complaint current = get(tenant, id);
            if (requestId.isPresent() && store.hasApplied(tenant, id, requestId.get())) {
                return current;
            }
            if (expectedRevision.isPresent() && expectedRevision.getAsLong() != current.revision()) {
                throw new VersionConflictException(expectedRevision.getAsLong(), current.revision());
            }
            Instant now = clock.instant();
            Complaint updated = transition.apply(current, now);
            if (store.replace(tenant, updated, current.revision(), announced(updated, now), requestId)) {
                return updated;
            }
        }
        Complaint latest = get(tenant, id);
        throw new VersionConflictException(latest.revision() - 1, latest.revision());
    }

    /**
     * What the feed hears of a transition: a complaint opened again (a reopening) or resolved; acknowledging and
     * closing change nothing a consumer acts on.
     */
    private static List<FeedbackEvent> announced(Complaint updated, Instant now) {
        return switch (updated.state()) {
            case OPEN -> List.of(event(FeedbackEventType.COMPLAINT_OPENED, updated, now));
            case RESOLVED -> List.of(event(FeedbackEventType.COMPLAINT_RESOLVED, updated, now));
            case ACKNOWLEDGED, CLOSED -> List.of();
        };
    }

    private static FeedbackEvent event(FeedbackEventType type, Complaint complaint, Instant now) {
        return FeedbackEvent.builder().id(TimeOrderedIds.next()).type(type).customerId(complaint.customerId())
                .complaintId(complaint.id()).category(complaint.category()).severity(complaint.severity().name())
                .occurTime(now).build();
    }
}
