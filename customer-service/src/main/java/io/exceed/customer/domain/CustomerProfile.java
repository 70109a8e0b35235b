package io.exceed.customer.domain;

import java.util.List;

/** Everything about a customer that callers write. Channels or values the caller sent but that could
 * not be read arrive as null entries and are reported by {@link ProfileRules}. */
public record CustomerProfile(
        String externalReference,
        String displayName,
        List<String> emails,
        List<String> phones,
        String language,
        String timeZone,
        Segment segment,
        CustomerValue value,
        List<String> tags,
        String accountOwner,
        ContactPreferences contactPreferences) {

    public CustomerProfile {
        emails = List.copyOf(emails);
        phones = List.copyOf(phones);
        tags = List.copyOf(tags);
    }

    /** What is left after erasure: nothing that identifies the person. */
    public static CustomerProfile erased() {
        return new CustomerProfile("", "", List.of(), List.of(), "", "UTC", Segment.EMPTY, CustomerValue.UNKNOWN,
                List.of(), "", ContactPreferences.NONE);
    }

    public boolean hasExternalReference() {
        return externalReference != null && !externalReference.isEmpty();
    }
}
