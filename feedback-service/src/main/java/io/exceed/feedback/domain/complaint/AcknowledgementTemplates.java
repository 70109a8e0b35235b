package io.exceed.feedback.domain.complaint;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.exceed.feedback.domain.Languages;

/**
 * The thank-you every complainant gets at once, in their language where the tenant has a template: the exact
 * language tag, then its shorter prefixes ("sv-FI" → "sv"), then the default language.
 */
public final class AcknowledgementTemplates {

    private static final String REFERENCE = "{reference}";

    private final String defaultLanguage;
    private final Map<String, String> byLanguage = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public AcknowledgementTemplates(String defaultLanguage, Map<String, String> templates) {
        this.defaultLanguage = Objects.requireNonNull(defaultLanguage, "defaultLanguage");
        this.byLanguage.putAll(templates);
        if (!byLanguage.containsKey(defaultLanguage)) {
            throw new IllegalArgumentException("no acknowledgement template for the default language '"
                    + defaultLanguage + "'");
        }
    }

    Acknowledgement acknowledge(Complaint complaint, Instant now) {
        String language = Languages.fallbacks(complaint.language()).stream()
                .filter(byLanguage::containsKey)
                .findFirst()
                .orElse(defaultLanguage);
        return new Acknowledgement(byLanguage.get(language).replace(REFERENCE, complaint.id()), language, now);
    }
}
