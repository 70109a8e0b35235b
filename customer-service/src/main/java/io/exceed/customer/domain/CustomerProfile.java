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
        return builder().externalReference("").displayName("").language("").timeZone("UTC").segment(Segment.EMPTY)
                .value(CustomerValue.UNKNOWN).accountOwner("").contactPreferences(ContactPreferences.NONE).build();
    }

    public boolean hasExternalReference() {
        return externalReference != null && !externalReference.isEmpty();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this profile's fields, to change a few of them. */
    public Builder toBuilder() {
        return builder().externalReference(externalReference).displayName(displayName).emails(emails).phones(phones)
                .language(language).timeZone(timeZone).segment(segment).value(value).tags(tags)
                .accountOwner(accountOwner).contactPreferences(contactPreferences);
    }

    /** A profile built field by field, by name; lists the caller leaves unset are empty. */
    public static final class Builder {
        private String externalReference;
        private String displayName;
        private List<String> emails = List.of();
        private List<String> phones = List.of();
        private String language;
        private String timeZone;
        private Segment segment;
        private CustomerValue value;
        private List<String> tags = List.of();
        private String accountOwner;
        private ContactPreferences contactPreferences;

        private Builder() {
        }

        public Builder externalReference(String value) { externalReference = value; return this; }
        public Builder displayName(String value) { displayName = value; return this; }
        public Builder emails(List<String> value) { emails = value; return this; }
        public Builder phones(List<String> value) { phones = value; return this; }
        public Builder language(String value) { language = value; return this; }
        public Builder timeZone(String value) { timeZone = value; return this; }
        public Builder segment(Segment value) { segment = value; return this; }
        public Builder value(CustomerValue value) { this.value = value; return this; }
        public Builder tags(List<String> value) { tags = value; return this; }
        public Builder accountOwner(String value) { accountOwner = value; return this; }
        public Builder contactPreferences(ContactPreferences value) { contactPreferences = value; return this; }

        public CustomerProfile build() {
            return new CustomerProfile(externalReference, displayName, emails, phones, language, timeZone, segment,
                    value, tags, accountOwner, contactPreferences);
        }
    }
}
