package io.exceed.followup.domain.followup;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.exceed.defaults.error.Violations;

/** What makes a follow-up acceptable; every problem is reported against the request field that has it. */
public final class FollowUpRules {

    static final int MAX_ID = 128;
    public static final int MAX_TEXT = 256;
    static final int MAX_NOTES = 4000;
    static final int MAX_GESTURE = 500;
    static final int MAX_REASON = 2000;
    static final Duration MAX_SLA = Duration.ofDays(366);
    /** Further ahead than this is almost certainly a unit mistake (milliseconds taken for seconds). */
    static final Duration MAX_LEAD = Duration.ofDays(2 * 366);

    private FollowUpRules() {
    }

    /** Checks a draft and returns the window it asks for (null if none); violations are collected, not thrown. */
    static ContactWindow contactWindow(FollowUpDraft draft, LocalTime defaultQuietStart, LocalTime defaultQuietEnd,
            String prefix, Violations violations) {
        if (!draft.hasContactWindow()) {
            return null;
        }
        String field = prefix + "contact_window.time_zone";
        if (draft.timeZone() == null || draft.timeZone().isBlank()) {
            violations.add(field, "is required when a contact window is given");
            return null;
        }
        try {
            ZoneId zone = ZoneId.of(draft.timeZone());
            boolean ownQuiet = draft.quietStart() != null && draft.quietEnd() != null;
            return new ContactWindow(zone, ownQuiet ? draft.quietStart() : defaultQuietStart,
                    ownQuiet ? draft.quietEnd() : defaultQuietEnd);
        } catch (DateTimeException e) {
            violations.add(field, "'" + draft.timeZone() + "' is not an IANA time zone (e.g. Europe/Stockholm)");
            return null;
        }
    }

    static void checkDraft(FollowUpDraft draft, Instant now, String prefix, Violations violations) {
        text(draft.customerId(), MAX_ID, prefix + "customer_id", violations);
        violations.require(draft.reason() != null, prefix + "reason", "is required");
        text(draft.sourceReference(), MAX_TEXT, prefix + "source_reference", violations);
        text(draft.owner(), MAX_TEXT, prefix + "owner", violations);
        violations.require(draft.channel() != null, prefix + "channel", "is required");
        violations.require(draft.dueTime() != null, prefix + "due_time", "is required");
        violations.require(draft.promisedTime() != null, prefix + "promised_time", "is required");
        if (draft.dueTime() != null) {
            violations.require(!draft.dueTime().isAfter(now.plus(MAX_LEAD)), prefix + "due_time",
                    "must be within " + MAX_LEAD.toDays() + " days");
        }
        if (draft.dueTime() != null && draft.promisedTime() != null) {
            violations.require(!draft.promisedTime().isBefore(draft.dueTime()), prefix + "promised_time",
                    "must not be earlier than due_time: promise the customer no more than the team plans to do");
        }
        if (draft.slaDeadline() == null) {
            sla(draft.sla(), prefix + "sla", violations);
        }
        Instant deadline = draft.slaDeadline() != null ? draft.slaDeadline()
                : draft.sla() != null && isPositive(draft.sla()) ? now.plus(draft.sla()) : null;
        if (deadline != null && draft.dueTime() != null) {
            violations.require(!deadline.isBefore(draft.dueTime()), prefix + "sla",
                    "ends before due_time; the follow-up would breach before it is due");
        }
        escalationPolicy(draft.escalationPolicy(), prefix + "escalation_policy", violations);
    }

    public static void sla(Duration sla, String field, Violations violations) {
        if (sla == null) {
            violations.add(field, "is required");
        } else if (!isPositive(sla)) {
            violations.add(field, "must be longer than zero");
        } else {
            violations.require(sla.compareTo(MAX_SLA) <= 0, field, "must be at most " + MAX_SLA.toDays() + " days");
        }
    }

    public static void escalationPolicy(EscalationPolicy policy, String prefix, Violations violations) {
        if (policy == null) {
            return;
        }
        violations.require(policy.warningPercent() >= 1 && policy.warningPercent() <= 99,
                prefix + ".warning_percent", "must be between 1 and 99 (0 means 75)");
        violations.require(policy.steps().size() <= EscalationPolicy.MAX_STEPS, prefix + ".steps",
                "must have at most " + EscalationPolicy.MAX_STEPS + " steps");
        Duration previous = null;
        for (int i = 0; i < policy.steps().size(); i++) {
            EscalationStep step = policy.steps().get(i);
            String field = prefix + ".steps[" + i + "]";
            text(step.target(), MAX_TEXT, field + ".target", violations);
            if (step.afterBreach() == null || step.afterBreach().isNegative()) {
                violations.add(field + ".after_breach", "must be zero or longer");
            } else if (previous != null && step.afterBreach().compareTo(previous) <= 0) {
                violations.add(field + ".after_breach", "must be later than the step before");
            }
            previous = step.afterBreach();
        }
    }

    /** An outcome must tell what happened, whether the customer is satisfied and, where trust broke, if it is back. */
    static Outcome outcome(Outcome outcome, FollowUpReason reason, String prefix, Violations violations) {
        if (outcome == null) {
            violations.add(prefix.substring(0, prefix.length() - 1), "is required to complete a follow-up");
            return null;
        }
        text(outcome.notes(), MAX_NOTES, prefix + "notes", violations);
        violations.require(outcome.customerSatisfied() != null, prefix + "customer_satisfied", "is required");
        if (reason.repairsTrust()) {
            violations.require(outcome.trustRestored() != null, prefix + "trust_restored",
                    "is required for " + reason + " follow-ups");
        }
        String gesture = outcome.goodwillGesture() == null ? "" : outcome.goodwillGesture().strip();
        violations.require(gesture.length() <= MAX_GESTURE, prefix + "goodwill_gesture",
                "must be at most " + MAX_GESTURE + " characters");
        return new Outcome(outcome.notes() == null ? null : outcome.notes().strip(), outcome.trustRestored(), gesture,
                outcome.customerSatisfied());
    }

    static String actor(String actor, Violations violations) {
        String value = actor == null ? "" : actor.strip();
        violations.require(value.length() <= MAX_TEXT, "actor", "must be at most " + MAX_TEXT + " characters");
        return value.isEmpty() ? "api" : value;
    }

    /** A required, trimmed text of at most {@code max} characters. */
    public static String text(String value, int max, String field, Violations violations) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.isEmpty()) {
            violations.add(field, "is required");
        } else {
            violations.require(stripped.length() <= max, field, "must be at most " + max + " characters");
        }
        return stripped;
    }

    public static List<EscalationStep> strippedSteps(EscalationPolicy policy) {
        List<EscalationStep> steps = new ArrayList<>();
        policy.steps().forEach(step -> steps.add(new EscalationStep(step.target().strip(), step.afterBreach())));
        return steps;
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
