package io.exceed.feedback.domain.complaint;

import java.time.Instant;
import java.util.Locale;

import io.exceed.defaults.error.FailedPreconditionException;

/**
 * A complaint and its lifecycle. Each transition returns the next revision; an illegal one is refused
 * and changes nothing.
 */
public record Complaint(
        String id,
        String customerId,
        ComplaintChannel channel,
        String category,
        Severity severity,
        String text,
        String language,
        String orderReference,
        ComplaintState state,
        Acknowledgement acknowledgement,
        Resolution resolution,
        int reopenCount,
        long revision,
        Instant createTime,
        Instant updateTime,
        Instant closeTime) {

    /** Categories are counted case-insensitively ("Late delivery" = "late delivery"). */
    public static String categoryKey(String category) {
        return category.trim().toLowerCase(Locale.ROOT);
    }

    public String categoryKey() {
        return categoryKey(category);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    Complaint acknowledge(Acknowledgement ack) {
        return next(ComplaintState.ACKNOWLEDGED, ack.time()).acknowledgement(ack).build();
    }

    Complaint resolve(Resolution resolved, Instant now) {
        return next(ComplaintState.RESOLVED, now).resolution(resolved.at(now)).build();
    }

    Complaint close(Instant now) {
        return next(ComplaintState.CLOSED, now).closeTime(now).build();
    }

    Complaint reopen(Instant now) {
        return next(ComplaintState.OPEN, now).reopenCount(reopenCount + 1).build();
    }

    /** The next revision in state {@code to}; a complaint that is not closed has no close time. */
    private Builder next(ComplaintState to, Instant now) {
        if (!state.canBecome(to)) {
            throw new FailedPreconditionException("ILLEGAL_TRANSITION",
                    "complaint '" + id + "' is " + state + " and cannot become " + to);
        }
        return toBuilder().state(to).revision(revision + 1).updateTime(now).closeTime(null);
    }

    /** A complaint built field by field, by name: the record is too wide to build positionally. */
    public static final class Builder {
        private String id;
        private String customerId;
        private ComplaintChannel channel;
        private String category;
        private Severity severity;
        private String text;
        private String language;
        private String orderReference;
        private ComplaintState state;
        private Acknowledgement acknowledgement;
        private Resolution resolution;
        private int reopenCount;
        private long revision;
        private Instant createTime;
        private Instant updateTime;
        private Instant closeTime;

        private Builder() {
        }

        private Builder(Complaint from) {
            this.id = from.id;
            this.customerId = from.customerId;
            this.channel = from.channel;
            this.category = from.category;
            this.severity = from.severity;
            this.text = from.text;
            this.language = from.language;
            this.orderReference = from.orderReference;
            this.state = from.state;
            this.acknowledgement = from.acknowledgement;
            this.resolution = from.resolution;
            this.reopenCount = from.reopenCount;
            this.revision = from.revision;
            this.createTime = from.createTime;
            this.updateTime = from.updateTime;
            this.closeTime = from.closeTime;
        }

        public Builder id(String value) { id = value; return this; }
        public Builder customerId(String value) { customerId = value; return this; }
        public Builder channel(ComplaintChannel value) { channel = value; return this; }
        public Builder category(String value) { category = value; return this; }
        public Builder severity(Severity value) { severity = value; return this; }
        public Builder text(String value) { text = value; return this; }
        public Builder language(String value) { language = value; return this; }
        public Builder orderReference(String value) { orderReference = value; return this; }
        public Builder state(ComplaintState value) { state = value; return this; }
        public Builder acknowledgement(Acknowledgement value) { acknowledgement = value; return this; }
        public Builder resolution(Resolution value) { resolution = value; return this; }
        public Builder reopenCount(int value) { reopenCount = value; return this; }
        public Builder revision(long value) { revision = value; return this; }
        public Builder createTime(Instant value) { createTime = value; return this; }
        public Builder updateTime(Instant value) { updateTime = value; return this; }
        public Builder closeTime(Instant value) { closeTime = value; return this; }

        public Complaint build() {
            return new Complaint(id, customerId, channel, category, severity, text, language, orderReference, state,
                    acknowledgement, resolution, reopenCount, revision, createTime, updateTime, closeTime);
        }
    }
}
