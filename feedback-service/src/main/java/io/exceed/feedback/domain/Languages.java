package io.exceed.feedback.domain;

import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** BCP 47 language tags: validation, normal form, and the fallback chain used to pick a translation. */
public final class Languages {

    private Languages() {
    }

    /** The tag in normal form ("zh-hant-tw" → "zh-Hant-TW"), if it is well-formed and names a language. */
    public static Optional<String> normalize(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return Optional.empty();
        }
        try {
            String normalized = new Locale.Builder().setLanguageTag(tag.trim()).build().toLanguageTag();
            return normalized.equals("und") ? Optional.empty() : Optional.of(normalized);
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
    }

    /** The tag, then ever shorter prefixes of it: "zh-Hant-TW", "zh-Hant", "zh". */
    public static List<String> fallbacks(String normalizedTag) {
        List<String> chain = new ArrayList<>();
        String current = normalizedTag;
        while (!current.isEmpty()) {
            chain.add(current);
            int dash = current.lastIndexOf('-');
            current = dash < 0 ? "" : current.substring(0, dash);
        }
        return chain;
    }
}
