package io.exceed.followup.domain.playbook;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.exceed.defaults.error.Violations;
import io.exceed.followup.domain.calendar.BusinessCalendar;
import io.exceed.followup.domain.calendar.WorkingHours;
import io.exceed.followup.domain.followup.EscalationPolicy;
import io.exceed.followup.domain.followup.FollowUpRules;

/** What makes a playbook and an event acceptable; every problem names the request field that has it. */
public final class PlaybookRules {

    static final int MAX_TEAM = 50;
    static final int MAX_HOLIDAYS = 400;
    static final int MAX_BUSINESS_DAYS = 30;
    static final Duration MAX_DELAY = Duration.ofDays(366);
    /** Events reported from a clock slightly ahead of ours are fine; from days ahead, not. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofHours(1);
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private PlaybookRules() {
    }

    /** The IANA zone {@code id} names, or null with a violation of {@code field}. */
    public static ZoneId zone(String id, String field, Violations violations) {
        if (id == null || id.isBlank()) {
            violations.add(field, "is required");
            return null;
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            violations.add(field, "'" + id + "' is not an IANA time zone (e.g. Europe/Stockholm)");
            return null;
        }
    }

    /** Checks a definition, throwing if it is invalid, and returns it trimmed, with the default policy if none. */
    static PlaybookDefinition definition(PlaybookDefinition definition, String prefix, Violations violations) {
        String name = FollowUpRules.text(definition.displayName(), FollowUpRules.MAX_TEXT, prefix + "display_name",
                violations);
        trigger(definition.trigger(), prefix + "trigger.", violations);
        action(definition.action(), definition.calendar() != null, prefix + "action.", violations);
        FollowUpRules.escalationPolicy(definition.escalationPolicy(), prefix + "escalation_policy", violations);
        calendar(definition.calendar(), prefix + "calendar.", violations);
        violations.throwIfAny();
        Action action = definition.action();
        EscalationPolicy policy = definition.escalationPolicy();
        return new PlaybookDefinition(name, definition.trigger(),
                action.toBuilder().team(action.team().stream().map(String::strip).toList()).build(),
                policy == null ? EscalationPolicy.defaults()
                        : new EscalationPolicy(policy.warningPercent(), FollowUpRules.strippedSteps(policy)),
                definition.calendar());
    }

    static void event(PlaybookEvent event, Instant now, String prefix, Violations violations) {
        violations.require(event.kind() != null, prefix + "kind", "is required");
        FollowUpRules.text(event.customerId(), FollowUpRules.MAX_TEXT, prefix + "customer_id", violations);
        FollowUpRules.text(event.sourceReference(), FollowUpRules.MAX_TEXT, prefix + "source_reference", violations);
        if (event.occurTime() == null) {
            violations.add(prefix + "occur_time", "is required");
        } else {
            violations.require(!event.occurTime().isAfter(now.plus(MAX_CLOCK_SKEW)), prefix + "occur_time",
                    "is in the future");
        }
        if (event.npsScore() != null) {
            violations.require(event.npsScore() >= 0 && event.npsScore() <= 10, prefix + "nps_score",
                    "must be between 0 and 10");
        }
        if (event.orderValue() != null) {
            money(event.orderValue(), prefix + "order_value", violations);
        }
        if (event.hasContactWindow()) {
            zone(event.timeZone(), prefix + "contact_window.time_zone", violations);
        }
    }

    private static void trigger(Trigger trigger, String prefix, Violations violations) {
        EventKind kind = trigger.eventKind();
        violations.require(kind != null, prefix + "event_kind", "is required");
        if (trigger.maxNpsScore() != null) {
            violations.require(trigger.maxNpsScore() >= 0 && trigger.maxNpsScore() <= 10, prefix + "max_nps_score",
                    "must be between 0 and 10");
            violations.require(kind == null || kind == EventKind.FEEDBACK_RESPONSE, prefix + "max_nps_score",
                    "applies only to FEEDBACK_RESPONSE triggers");
        }
        if (trigger.minSeverity() != null) {
            violations.require(kind == null || kind.isComplaint(), prefix + "min_severity",
                    "applies only to COMPLAINT_OPENED and COMPLAINT_RESOLVED triggers");
        }
        if (trigger.minOrderValue() != null) {
            money(trigger.minOrderValue(), prefix + "min_order_value", violations);
            violations.require(kind == null || kind == EventKind.ORDER_PLACED, prefix + "min_order_value",
                    "applies only to ORDER_PLACED triggers");
        }
    }

    private static void action(Action action, boolean hasCalendar, String prefix, Violations violations) {
        violations.require(action.reason() != null, prefix + "reason", "is required");
        violations.require(action.channel() != null, prefix + "channel", "is required");
        if (action.delay().isNegative()) {
            violations.add(prefix + "delay", "must be zero or longer");
        } else {
            violations.require(action.delay().compareTo(MAX_DELAY) <= 0, prefix + "delay",
                    "must be at most " + MAX_DELAY.toDays() + " days");
        }
        if (action.slaBusinessDays() != 0) {
            violations.require(action.sla() == null, prefix + "sla", "set either sla or sla_business_days, not both");
            violations.require(action.slaBusinessDays() >= 1 && action.slaBusinessDays() <= MAX_BUSINESS_DAYS,
                    prefix + "sla_business_days", "must be between 1 and " + MAX_BUSINESS_DAYS);
            violations.require(hasCalendar, prefix + "sla_business_days", "needs a calendar");
        } else {
            FollowUpRules.sla(action.sla(), prefix + "sla", violations);
        }
        if (action.ownerStrategy() == null) {
            violations.add(prefix + "owner_strategy", "is required");
        }
        violations.require(action.ownerStrategy() != OwnerStrategy.ROUND_ROBIN || !action.team().isEmpty(),
                prefix + "team", "round robin needs at least one owner");
        violations.require(action.team().size() <= MAX_TEAM, prefix + "team",
                "must have at most " + MAX_TEAM + " owners");
        for (int i = 0; i < action.team().size(); i++) {
            FollowUpRules.text(action.team().get(i), FollowUpRules.MAX_TEXT, prefix + "team[" + i + "]", violations);
        }
    }

    private static void calendar(BusinessCalendar calendar, String prefix, Violations violations) {
        if (calendar == null) {
            return;
        }
        List<WorkingHours> hours = calendar.workingHours();
        violations.require(!hours.isEmpty(), prefix + "working_hours", "needs at least one working day");
        Set<DayOfWeek> seen = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < hours.size(); i++) {
            WorkingHours day = hours.get(i);
            String field = prefix + "working_hours[" + i + "]";
            if (day.day() == null) {
                violations.add(field + ".day", "is required");
            } else {
                violations.require(seen.add(day.day()), field + ".day", day.day() + " has working hours already");
            }
            if (day.start() != null && day.end() != null) {
                violations.require(day.end().isAfter(day.start()), field + ".end", "must be after start");
            }
        }
        violations.require(calendar.holidays().size() <= MAX_HOLIDAYS, prefix + "holidays",
                "must have at most " + MAX_HOLIDAYS + " days");
    }

    private static void money(Money money, String field, Violations violations) {
        violations.require(CURRENCY.matcher(money.currency()).matches(), field + ".currency_code",
                "must be an ISO 4217 code such as EUR");
        violations.require(money.amount().signum() >= 0, field, "must not be negative");
    }
}
