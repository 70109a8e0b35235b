package io.exceed.feedback.domain.complaint;

import io.exceed.defaults.error.Violations;
import io.exceed.feedback.domain.CustomerIds;
import io.exceed.feedback.domain.Languages;

/** What makes a complaint, a resolution and the other inputs valid. Limits count code points (any script). */
public final class ComplaintRules {

    static final String DEFAULT_LANGUAGE = "en";
    private static final int MAX_CATEGORY = 100;
    private static final int MAX_TEXT = 10_000;
    private static final int MAX_NOTE = 2000;
    private static final int MAX_NAME = 200;

    private ComplaintRules() {
    }

    /** Checks an intake and returns it normalised (trimmed, language in normal form). */
    static Complaint normalizeIntake(Complaint draft, String prefix, Violations violations) {
        CustomerIds.check(draft.customerId(), prefix + "customer_id", violations);
        violations.require(draft.channel() != null, prefix + "channel", "is required");
        String category = trim(draft.category());
        requireLength(category, 1, MAX_CATEGORY, prefix + "category", violations);
        violations.require(draft.severity() != null, prefix + "severity", "is required");
        String text = draft.text() == null ? "" : draft.text();
        violations.require(!text.isBlank(), prefix + "text", "is required");
        requireLength(text, 0, MAX_TEXT, prefix + "text", violations);
        String language = trim(draft.language()).isEmpty() ? DEFAULT_LANGUAGE
                : Languages.normalize(draft.language()).orElse(null);
        violations.require(language != null, prefix + "language", "is not a well-formed BCP 47 language tag");
        String orderReference = trim(draft.orderReference());
        requireLength(orderReference, 0, MAX_NAME, prefix + "order_reference", violations);
        return draft.toBuilder().category(category).text(text).language(language).orderReference(orderReference)
                .build();
    }

    /** A remedy, and a root cause with its prevention action or the reason there is no systemic cause. */
    static Resolution normalizeResolution(Resolution resolution, String prefix, Violations violations) {
        violations.require(resolution.remedyKind() != null, prefix + "remedy.kind", "is required");
        String remedy = trim(resolution.remedyDescription());
        requireLength(remedy, 1, MAX_NOTE, prefix + "remedy.description", violations);
        String rootCause = trim(resolution.rootCause());
        String prevention = trim(resolution.preventionAction());
        String noCause = trim(resolution.noSystemicCauseReason());
        if (resolution.rootCause() != null || resolution.preventionAction() != null) {
            requireLength(rootCause, 1, MAX_NOTE, prefix + "root_cause.description", violations);
            requireLength(prevention, 1, MAX_NOTE, prefix + "root_cause.prevention_action", violations);
        } else if (resolution.noSystemicCauseReason() != null) {
            requireLength(noCause, 1, MAX_NOTE, prefix + "no_systemic_cause_reason", violations);
        } else {
            violations.add(prefix + "cause", "is required: a root_cause with its prevention_action, "
                    + "or a no_systemic_cause_reason");
        }
        String resolvedBy = trim(resolution.resolvedBy());
        requireLength(resolvedBy, 1, MAX_NAME, prefix + "resolved_by", violations);
        return new Resolution(resolution.remedyKind(), remedy, blankToNull(rootCause), blankToNull(prevention),
                blankToNull(noCause), resolvedBy, null);
    }

    /** A note such as a reopening reason or a custom acknowledgement: at most 2000 characters. */
    static String normalizeNote(String note, boolean required, String field, Violations violations) {
        String trimmed = trim(note);
        requireLength(trimmed, required ? 1 : 0, MAX_NOTE, field, violations);
        return trimmed;
    }

    private static void requireLength(String value, int min, int max, String field, Violations violations) {
        int length = value.codePointCount(0, value.length());
        if (min > 0 && length == 0) {
            violations.add(field, "is required");
        } else {
            violations.require(length <= max, field, "must be at most " + max + " characters");
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
