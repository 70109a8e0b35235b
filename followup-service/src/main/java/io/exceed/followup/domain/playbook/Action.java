package io.exceed.followup.domain.playbook;

import java.time.Duration;
import java.util.List;

import io.exceed.followup.domain.followup.ContactChannel;
import io.exceed.followup.domain.followup.FollowUpReason;
import io.exceed.followup.domain.followup.Priority;

/**
 * The follow-up a playbook schedules: due {@code delay} after the event, to be done within the SLA after that,
 * given either as a duration ({@code sla}) or in business days ({@code slaBusinessDays} &gt; 0). Unset enums and
 * the unused SLA form are null (0 for business days).
 */
public record Action(
        FollowUpReason reason,
        Duration delay,
        Duration sla,
        int slaBusinessDays,
        ContactChannel channel,
        Priority priority,
        OwnerStrategy ownerStrategy,
        List<String> team,
        boolean noSales) {

    public Action {
        team = List.copyOf(team);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** An action built field by field, by name; an unset team is empty. */
    public static final class Builder {
        private FollowUpReason reason;
        private Duration delay;
        private Duration sla;
        private int slaBusinessDays;
        private ContactChannel channel;
        private Priority priority;
        private OwnerStrategy ownerStrategy;
        private List<String> team = List.of();
        private boolean noSales;

        private Builder() {
        }

        private Builder(Action from) {
            this.reason = from.reason;
            this.delay = from.delay;
            this.sla = from.sla;
            this.slaBusinessDays = from.slaBusinessDays;
            this.channel = from.channel;
            this.priority = from.priority;
            this.ownerStrategy = from.ownerStrategy;
            this.team = from.team;
            this.noSales = from.noSales;
        }

        public Builder reason(FollowUpReason value) { reason = value; return this; }
        public Builder delay(Duration value) { delay = value; return this; }
        public Builder sla(Duration value) { sla = value; return this; }
        public Builder slaBusinessDays(int value) { slaBusinessDays = value; return this; }
        public Builder channel(ContactChannel value) { channel = value; return this; }
        public Builder priority(Priority value) { priority = value; return this; }
        public Builder ownerStrategy(OwnerStrategy value) { ownerStrategy = value; return this; }
        public Builder team(List<String> value) { team = value; return this; }
        public Builder noSales(boolean value) { noSales = value; return this; }

        public Action build() {
            return new Action(reason, delay, sla, slaBusinessDays, channel, priority, ownerStrategy, team, noSales);
        }
    }
}
