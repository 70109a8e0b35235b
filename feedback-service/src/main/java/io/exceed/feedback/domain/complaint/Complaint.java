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

    Complaint acknowledge(Acknowledgement ack) {
        return next(ComplaintState.ACKNOWLEDGED, ack, resolution, reopenCount, null, ack.time());
    }

    Complaint resolve(Resolution resolved, Instant now) {
        return next(ComplaintState.RESOLVED, acknowledgement, resolved.at(now), reopenCount, null, now);
    }

    Complaint close(Instant now) {
        return next(ComplaintState.CLOSED, acknowledgement, resolution, reopenCount, now, now);
    }

    Complaint reopen(Instant now) {
        return next(ComplaintState.OPEN, acknowledgement, resolution, reopenCount + 1, null, now);
    }

    private Complaint next(ComplaintState to, Acknowledgement ack, Resolution res, int reopens, Instant closed,
            Instant now) {
        if (!state.canBecome(to)) {
            throw new FailedPreconditionException("ILLEGAL_TRANSITION",
                    "complaint '" + id + "' is " + state + " and cannot become " + to);
        }
        return new Complaint(id, customerId, channel, category, severity, text, language, orderReference, to, ack,
                res, reopens, revision + 1, createTime, now, closed);
    }
}
