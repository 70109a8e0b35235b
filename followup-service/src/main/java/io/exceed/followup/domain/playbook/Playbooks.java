package io.exceed.followup.domain.playbook;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.error.VersionConflictException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.calendar.BusinessCalendar;
import io.exceed.followup.domain.followup.CreateFollowUp;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.followup.FollowUpDraft;
import io.exceed.followup.domain.followup.FollowUpReason;
import io.exceed.followup.domain.followup.FollowUps;

/** Versioned playbooks per tenant, and evaluating them against business events into follow-ups. */
public class Playbooks {

    public static final Set<String> UPDATABLE_FIELDS = Set.of("display_name", "trigger", "action",
            "escalation_policy", "calendar");
    private static final String RESOURCE = "playbook";
    private static final String PREFIX = "playbook.";
    private static final String EVENT = "event.";
    private static final int MAX_ATTEMPTS = 5;

    private final PlaybookStore store;
    private final FollowUps followUps;
    private final Map<String, PlaybookDefinition> defaults;
    private final String defaultQueue;
    private final ZoneId defaultZone;
    private final Clock clock;
    /** Tenants this replica has installed the defaults for; installing again would be harmless, only slower. */
    private final Set<TenantId> installed = ConcurrentHashMap.newKeySet();

    /**
     * @param defaultQueue the owner of a follow-up nobody else can own: the tenant's default work queue
     * @param defaultZone  where a calendar that follows the customer is put when the event names no time zone
     */
    public Playbooks(PlaybookStore store, FollowUps followUps, Map<String, PlaybookDefinition> defaults,
            String defaultQueue, ZoneId defaultZone, Clock clock) {
        this.store = store;
        this.followUps = followUps;
        this.defaults = new LinkedHashMap<>(defaults);
        this.defaultQueue = defaultQueue;
        this.defaultZone = defaultZone;
        this.clock = clock;
    }

    public Playbook create(TenantId tenant, PlaybookDefinition definition, Optional<String> requestId,
            Violations violations) {
        PlaybookDefinition checked = PlaybookRules.definition(definition, PREFIX, violations);
        Instant now = clock.instant();
        return store.insert(tenant, new Playbook(TimeOrderedIds.next(), 1, checked, PlaybookState.ACTIVE, 0, now, now),
                requestId);
    }

    /** The latest version, or {@code version} when it is above 0. */
    public Playbook get(TenantId tenant, String id, int version) {
        if (version <= 0) {
            return store.find(tenant, id).orElseThrow(() -> new NotFoundException(RESOURCE, id));
        }
        return store.findVersion(tenant, id, version)
                .orElseThrow(() -> new NotFoundException("playbook version", id + "/versions/" + version));
    }

    public Page<Playbook> list(TenantId tenant, PlaybookFilter filter, Optional<String> afterId, int limit) {
        installDefaults(tenant);
        return store.list(tenant, filter, afterId, limit);
    }

    /** Makes the next version from the current one with the fields named in the mask (all when empty). */
    public Playbook update(TenantId tenant, UpdatePlaybook command, Violations violations) {
        List<String> mask = command.mask();
        PlaybookDefinition patch = command.patch();
        for (int i = 0; i < mask.size(); i++) {
            violations.require(UPDATABLE_FIELDS.contains(mask.get(i)), "update_mask.paths[" + i + "]",
                    "'" + mask.get(i) + "' cannot be changed; changeable: " + UPDATABLE_FIELDS);
        }
        violations.throwIfAny();
        List<String> fields = mask.isEmpty() ? List.copyOf(UPDATABLE_FIELDS) : mask;
        return change(tenant, command.id(), command.expectedRevision(), command.requestId(), (current, now) -> {
            PlaybookDefinition was = current.definition();
            PlaybookDefinition merged = new PlaybookDefinition(
                    fields.contains("display_name") ? patch.displayName() : was.displayName(),
                    fields.contains("trigger") ? patch.trigger() : was.trigger(),
                    fields.contains("action") ? patch.action() : was.action(),
                    fields.contains("escalation_policy") ? patch.escalationPolicy() : was.escalationPolicy(),
                    fields.contains("calendar") ? patch.calendar() : was.calendar());
            return current.update(PlaybookRules.definition(merged, PREFIX, violations), now);
        });
    }

    public Playbook archive(TenantId tenant, String id, OptionalLong expectedRevision, Optional<String> requestId) {
        return change(tenant, id, expectedRevision, requestId,
                (current, now) -> current.state() == PlaybookState.ARCHIVED ? current : current.archive(now));
    }

    /**
     * Schedules the follow-ups of the active playbooks the event matches, at most one per reason (the oldest
     * playbook wins), or with {@code validateOnly} only builds them. A follow-up already scheduled for the
     * event's source reference and reason is returned as it is, and takes no round-robin turn.
     */
    public List<FollowUp> evaluate(TenantId tenant, EvaluatePlaybooks command, Violations violations) {
        PlaybookEvent event = command.event();
        boolean validateOnly = command.validateOnly();
        PlaybookRules.event(event, clock.instant(), EVENT, violations);
        violations.throwIfAny();
        installDefaults(tenant);
        Map<FollowUpReason, FollowUp> scheduled = new LinkedHashMap<>();
        for (Playbook playbook : store.active(tenant, event.kind())) {
            FollowUpReason reason = playbook.definition().action().reason();
            if (scheduled.containsKey(reason) || !playbook.definition().trigger().matches(event)) {
                continue;
            }
            Optional<FollowUp> existing = followUps.findBySource(tenant, event.sourceReference().strip(), reason);
            if (existing.isPresent()) {
                scheduled.put(reason, existing.get());
                continue;
            }
            FollowUpDraft draft = draft(playbook, event, owner(tenant, playbook, event, validateOnly));
            scheduled.put(reason, validateOnly ? followUps.schedule(draft, command.actor(), EVENT, violations)
                    : followUps.create(tenant, new CreateFollowUp(draft, command.actor(), Optional.empty()), EVENT,
                            violations));
        }
        return new ArrayList<>(scheduled.values());
    }

    /** The account owner if the strategy names them and there is one, else the team in turn, else the queue. */
    private String owner(TenantId tenant, Playbook playbook, PlaybookEvent event, boolean validateOnly) {
        Action action = playbook.definition().action();
        boolean hasAccountOwner = event.accountOwner() != null && !event.accountOwner().isBlank();
        if (action.ownerStrategy() == OwnerStrategy.ACCOUNT_OWNER && hasAccountOwner) {
            return event.accountOwner();
        }
        if (action.team().isEmpty()) {
            return defaultQueue;
        }
        long turn = validateOnly ? store.peekTurn(tenant, playbook.id()) : store.takeTurn(tenant, playbook.id());
        return action.team().get((int) Math.floorMod(turn, (long) action.team().size()));
    }

    /**
     * Due after the delay (then at the next working time, with a calendar); the SLA runs from the due time, in
     * working time with a calendar. The customer is promised the SLA deadline: the latest the team commits to.
     */
    private FollowUpDraft draft(Playbook playbook, PlaybookEvent event, String owner) {
        Action action = playbook.definition().action();
        BusinessCalendar calendar = playbook.definition().calendar();
        if (calendar != null && calendar.followsCustomer()) {
            boolean customerZoneKnown = event.timeZone() != null && !event.timeZone().isBlank();
            calendar = calendar.in(customerZoneKnown ? ZoneId.of(event.timeZone()) : defaultZone);
        }
        Instant due = event.occurTime().plus(action.delay());
        Instant deadline;
        if (calendar == null) {
            deadline = due.plus(action.sla());
        } else {
            due = calendar.nextWorkingInstant(due);
            deadline = action.slaBusinessDays() > 0 ? calendar.plusBusinessDays(due, action.slaBusinessDays())
                    : calendar.plusWorkingTime(due, action.sla());
        }
        return FollowUpDraft.builder()
                .customerId(event.customerId())
                .reason(action.reason())
                .sourceReference(event.sourceReference())
                .owner(owner)
                .channel(action.channel())
                .priority(action.priority())
                .dueTime(due)
                .promisedTime(deadline)
                .sla(action.sla())
                .noSales(action.noSales())
                .hasContactWindow(event.hasContactWindow())
                .timeZone(event.timeZone())
                .quietStart(event.quietStart())
                .quietEnd(event.quietEnd())
                .escalationPolicy(calendar == null ? playbook.definition().escalationPolicy()
                        : playbook.definition().escalationPolicy().on(calendar))
                .playbook(playbook.reference())
                .slaDeadline(deadline)
                .build();
    }

    private void installDefaults(TenantId tenant) {
        if (installed.contains(tenant)) {
            return;
        }
        Instant now = clock.instant();
        defaults.forEach((key, definition) -> store.insertDefault(tenant, key,
                new Playbook(TimeOrderedIds.next(), 1, definition, PlaybookState.ACTIVE, 0, now, now)));
        installed.add(tenant);
    }

    private Playbook change(TenantId tenant, String id, OptionalLong expectedRevision, Optional<String> requestId,
            BiFunction<Playbook, Instant, Playbook> transition) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Playbook current = get(tenant, id, 0);
            if (requestId.isPresent() && store.hasApplied(tenant, id, requestId.get())) {
                return current;
            }
            if (expectedRevision.isPresent() && expectedRevision.getAsLong() != current.revision()) {
                throw new VersionConflictException(expectedRevision.getAsLong(), current.revision());
            }
            Playbook updated = transition.apply(current, clock.instant());
            if (updated == current || store.replace(tenant, updated, current.revision(),
                    updated.version() != current.version(), requestId)) {
                return updated;
            }
        }
        Playbook latest = get(tenant, id, 0);
        throw new VersionConflictException(latest.revision() - 1, latest.revision());
    }
}
