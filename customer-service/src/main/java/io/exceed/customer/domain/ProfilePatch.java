package io.exceed.customer.domain;

import java.util.List;
import java.util.Set;

import io.exceed.defaults.error.Violations;

/** Applies the fields named in an update mask from a patch onto the current profile. */
public final class ProfilePatch {

    /** The paths an update mask may name. */
    public static final Set<String> WRITABLE_PATHS = Set.of(
            "external_reference", "display_name", "emails", "phones", "language", "time_zone",
            "segment", "segment.attributes", "segment.customer_since", "segment.competitor_products",
            "value", "value.lifetime_value", "value.profitability", "value.growth_potential",
            "tags", "account_owner",
            "contact_preferences", "contact_preferences.allowed_channels", "contact_preferences.quiet_hours",
            "contact_preferences.budget");

    private ProfilePatch() {
    }

    /** Records a violation of {@code update_mask} for a missing mask or an unknown path. */
    public static void checkMask(List<String> paths, Violations violations) {
        violations.require(!paths.isEmpty(), "update_mask", "is required: name the fields to change");
        for (String path : paths) {
            violations.require(WRITABLE_PATHS.contains(path), "update_mask",
                    "'" + path + "' is not a writable field; writable: " + String.join(", ", WRITABLE_PATHS.stream().sorted().toList()));
        }
    }

    public static CustomerProfile apply(CustomerProfile current, CustomerProfile patch, Set<String> paths) {
        Segment segment = current.segment();
        if (paths.contains("segment")) {
            segment = patch.segment();
        } else {
            segment = new Segment(
                    paths.contains("segment.attributes") ? patch.segment().attributes() : segment.attributes(),
                    paths.contains("segment.customer_since") ? patch.segment().customerSince() : segment.customerSince(),
                    paths.contains("segment.competitor_products") ? patch.segment().competitorProducts()
                            : segment.competitorProducts());
        }
        CustomerValue value = current.value();
        if (paths.contains("value")) {
            value = patch.value();
        } else {
            value = new CustomerValue(
                    paths.contains("value.lifetime_value") ? patch.value().lifetimeValue() : value.lifetimeValue(),
                    paths.contains("value.profitability") ? patch.value().profitability() : value.profitability(),
                    paths.contains("value.growth_potential") ? patch.value().growthPotential() : value.growthPotential());
        }
        ContactPreferences preferences = current.contactPreferences();
        if (paths.contains("contact_preferences")) {
            preferences = patch.contactPreferences();
        } else {
            preferences = new ContactPreferences(
                    paths.contains("contact_preferences.allowed_channels")
                            ? patch.contactPreferences().allowedChannels() : preferences.allowedChannels(),
                    paths.contains("contact_preferences.quiet_hours")
                            ? patch.contactPreferences().quietHours() : preferences.quietHours(),
                    paths.contains("contact_preferences.budget")
                            ? patch.contactPreferences().budget() : preferences.budget());
        }
        return CustomerProfile.builder()
                .externalReference(pick(paths, "external_reference", patch.externalReference(),
                        current.externalReference()))
                .displayName(pick(paths, "display_name", patch.displayName(), current.displayName()))
                .emails(pick(paths, "emails", patch.emails(), current.emails()))
                .phones(pick(paths, "phones", patch.phones(), current.phones()))
                .language(pick(paths, "language", patch.language(), current.language()))
                .timeZone(pick(paths, "time_zone", patch.timeZone(), current.timeZone()))
                .segment(segment)
                .value(value)
                .tags(pick(paths, "tags", patch.tags(), current.tags()))
                .accountOwner(pick(paths, "account_owner", patch.accountOwner(), current.accountOwner()))
                .contactPreferences(preferences)
                .build();
    }

    private static <T> T pick(Set<String> paths, String path, T patched, T current) {
        return paths.contains(path) ? patched : current;
    }
}
