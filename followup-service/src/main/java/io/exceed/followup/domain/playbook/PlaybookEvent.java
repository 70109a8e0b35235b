package io.exceed.followup.domain.playbook;

import java.time.Instant;
import java.time.LocalTime;

/**
 * A business event to evaluate playbooks against. Facts that do not apply to its kind are null; so is the
 * contact window's zone when no window was given.
 */
public record PlaybookEvent(
        EventKind kind,
        String customerId,
        String sourceReference,
        Instant occurTime,
        Integer npsScore,
        Severity severity,
        Money orderValue,
        String accountOwner,
        boolean hasContactWindow,
        String timeZone,
        LocalTime quietStart,
        LocalTime quietEnd) {

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** An event built field by field, by name: a fact that does not apply is left unset (null). */
    public static final class Builder {
        private EventKind kind;
        private String customerId;
        private String sourceReference;
        private Instant occurTime;
        private Integer npsScore;
        private Severity severity;
        private Money orderValue;
        private String accountOwner;
        private boolean hasContactWindow;
        private String timeZone;
        private LocalTime quietStart;
        private LocalTime quietEnd;

        private Builder() {
        }

        private Builder(PlaybookEvent from) {
            this.kind = from.kind;
            this.customerId = from.customerId;
            this.sourceReference = from.sourceReference;
            this.occurTime = from.occurTime;
            this.npsScore = from.npsScore;
            this.severity = from.severity;
            this.orderValue = from.orderValue;
            this.accountOwner = from.accountOwner;
            this.hasContactWindow = from.hasContactWindow;
            this.timeZone = from.timeZone;
            this.quietStart = from.quietStart;
            this.quietEnd = from.quietEnd;
        }

        public Builder kind(EventKind value) { kind = value; return this; }
        public Builder customerId(String value) { customerId = value; return this; }
        public Builder sourceReference(String value) { sourceReference = value; return this; }
        public Builder occurTime(Instant value) { occurTime = value; return this; }
        public Builder npsScore(Integer value) { npsScore = value; return this; }
        public Builder severity(Severity value) { severity = value; return this; }
        public Builder orderValue(Money value) { orderValue = value; return this; }
        public Builder accountOwner(String value) { accountOwner = value; return this; }
        public Builder hasContactWindow(boolean value) { hasContactWindow = value; return this; }
        public Builder timeZone(String value) { timeZone = value; return this; }
        public Builder quietStart(LocalTime value) { quietStart = value; return this; }
        public Builder quietEnd(LocalTime value) { quietEnd = value; return this; }

        public PlaybookEvent build() {
            return new PlaybookEvent(kind, customerId, sourceReference, occurTime, npsScore, severity, orderValue,
                    accountOwner, hasContactWindow, timeZone, quietStart, quietEnd);
        }
    }
}
