package io.exceed.customer.domain;

import java.util.List;

/**
 * The customer's consent: the channels they agreed to, and optionally their own quiet hours and
 * budget (null means the service default applies).
 */
public record ContactPreferences(List<Channel> allowedChannels, QuietHours quietHours, ContactBudget budget) {

    public static final ContactPreferences NONE = new ContactPreferences(List.of(), null, null);

    public ContactPreferences {
        allowedChannels = allowedChannels.stream().distinct().toList();
    }
}
