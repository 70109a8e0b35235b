package io.exceed.followup.domain.followup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;

/**
 * A follow-up as asked for, before the rules check it. Unset enums, times and durations are null; so is the
 * contact window's zone when no window was given. A playbook whose SLA runs on a business calendar sets
 * {@code slaDeadline} itself; otherwise (null) the deadline is creation + {@code sla}.
 */
public record FollowUpDraft(
        String customerId,
        FollowUpReason reason,
        String sourceReference,
        String owner,
        ContactChannel channel,
        Priority priority,
        Instant dueTime,
        Instant promisedTime,
        Duration sla,
        boolean noSales,
        boolean hasContactWindow,
        String timeZone,
        LocalTime quietStart,
        LocalTime quietEnd,
        EscalationPolicy escalationPolicy,
        String playbook,
        Instant slaDeadline) {

    public static Builder builder() {
        return new Builder();
    }

    /** A draft built field by field, by name: what a caller leaves unset stays null (false). */
    public static final class Builder {
        private String customerId;
        private FollowUpReason reason;
        private String sourceReference;
        private String owner;
        private ContactChannel channel;
        private Priority priority;
        private Instant dueTime;
        private Instant promisedTime;
        private Duration sla;
        private boolean noSales;
        private boolean hasContactWindow;
        private String timeZone;
        private LocalTime quietStart;
        private LocalTime quietEnd;
        private EscalationPolicy escalationPolicy;
        private String playbook;
        private Instant slaDeadline;

        private Builder() {
        }

        public Builder customerId(String value) { customerId = value; return this; }
        public Builder reason(FollowUpReason value) { reason = value; return this; }
        public Builder sourceReference(String value) { sourceReference = value; return this; }
        public Builder owner(String value) { owner = value; return this; }
        public Builder channel(ContactChannel value) { channel = value; return this; }
        public Builder priority(Priority value) { priority = value; return this; }
        public Builder dueTime(Instant value) { dueTime = value; return this; }
        public Builder promisedTime(Instant value) { promisedTime = value; return this; }
        public Builder sla(Duration value) { sla = value; return this; }
        public Builder noSales(boolean value) { noSales = value; return this; }
        public Builder hasContactWindow(boolean value) { hasContactWindow = value; return this; }
        public Builder timeZone(String value) { timeZone = value; return this; }
        public Builder quietStart(LocalTime value) { quietStart = value; return this; }
        public Builder quietEnd(LocalTime value) { quietEnd = value; return this; }
        public Builder escalationPolicy(EscalationPolicy value) { escalationPolicy = value; return this; }
        public Builder playbook(String value) { playbook = value; return this; }
        public Builder slaDeadline(Instant value) { slaDeadline = value; return this; }

        public FollowUpDraft build() {
            return new FollowUpDraft(customerId, reason, sourceReference, owner, channel, priority, dueTime,
                    promisedTime, sla, noSales, hasContactWindow, timeZone, quietStart, quietEnd, escalationPolicy,
                    playbook, slaDeadline);
        }
    }
}
