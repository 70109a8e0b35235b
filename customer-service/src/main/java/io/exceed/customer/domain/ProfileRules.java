package io.exceed.customer.domain;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.validator.routines.EmailValidator;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import io.exceed.defaults.error.Violations;

/** What makes a customer profile valid, and its normalised form (trimmed text, E.164 phones). */
public final class ProfileRules {

    static final int MAX_TEXT = 200;
    static final int MAX_EMAILS = 10;
    static final int MAX_PHONES = 10;
    static final int MAX_TAGS = 50;
    static final int MAX_TAG = 64;
    static final int MAX_ATTRIBUTES = 50;
    static final int MAX_COMPETITOR_PRODUCTS = 20;
    static final int MAX_CONTACTS = 100;
    static final Duration MIN_PERIOD = Duration.ofHours(1);
    static final Duration MAX_PERIOD = Duration.ofDays(366);
    public static final String DEFAULT_LANGUAGE = "en";
    public static final String DEFAULT_TIME_ZONE = "UTC";

    private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final EmailValidator EMAILS = EmailValidator.getInstance();

    private ProfileRules() {
    }

    /**
     * Checks every field, recording each problem under {@code prefix} (e.g. "customer."), and returns the
     * normalised profile. The caller throws if any violation was recorded.
     */
    public static CustomerProfile normalize(CustomerProfile profile, String prefix, Violations violations) {
        String externalReference = trim(profile.externalReference());
        violations.require(externalReference.length() <= MAX_TEXT, prefix + "external_reference",
                "must be at most " + MAX_TEXT + " characters");

        String displayName = trim(profile.displayName());
        violations.require(!displayName.isEmpty(), prefix + "display_name", "is required");
        violations.require(displayName.length() <= MAX_TEXT, prefix + "display_name",
                "must be at most " + MAX_TEXT + " characters");

        List<String> emails = new ArrayList<>();
        violations.require(profile.emails().size() <= MAX_EMAILS, prefix + "emails", "at most " + MAX_EMAILS + " allowed");
        for (int i = 0; i < profile.emails().size(); i++) {
            String email = trim(profile.emails().get(i));
            violations.require(EMAILS.isValid(email), prefix + "emails[" + i + "]", "is not a valid e-mail address");
            emails.add(email);
        }

        List<String> phones = new ArrayList<>();
        violations.require(profile.phones().size() <= MAX_PHONES, prefix + "phones", "at most " + MAX_PHONES + " allowed");
        for (int i = 0; i < profile.phones().size(); i++) {
            String e164 = toE164(profile.phones().get(i));
            violations.require(e164 != null, prefix + "phones[" + i + "]",
                    "is not a valid international phone number (start with + and the country code)");
            phones.add(e164 == null ? trim(profile.phones().get(i)) : e164);
        }

        String language = normalizeLanguage(trim(profile.language()));
        violations.require(language != null, prefix + "language", "is not a well-formed BCP 47 language tag");

        String timeZone = trim(profile.timeZone()).isEmpty() ? DEFAULT_TIME_ZONE : trim(profile.timeZone());
        violations.require(ZONES.contains(timeZone), prefix + "time_zone",
                "is not an IANA time zone such as Europe/Stockholm");

        Segment segment = normalizeSegment(profile.segment(), prefix + "segment.", violations);
        checkValue(profile.value(), prefix + "value.", violations);

        violations.require(profile.tags().size() <= MAX_TAGS, prefix + "tags", "at most " + MAX_TAGS + " allowed");
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < profile.tags().size(); i++) {
            String tag = trim(profile.tags().get(i));
            violations.require(!tag.isEmpty() && tag.length() <= MAX_TAG, prefix + "tags[" + i + "]",
                    "must be 1 to " + MAX_TAG + " characters");
            tags.add(tag);
        }

        String accountOwner = trim(profile.accountOwner());
        violations.require(accountOwner.length() <= MAX_TEXT, prefix + "account_owner",
                "must be at most " + MAX_TEXT + " characters");

        checkContactPreferences(profile.contactPreferences(), prefix + "contact_preferences.", violations);

        return CustomerProfile.builder()
                .externalReference(externalReference)
                .displayName(displayName)
                .emails(emails)
                .phones(phones)
                .language(language == null ? profile.language() : language)
                .timeZone(timeZone)
                .segment(segment)
                .value(profile.value())
                .tags(List.copyOf(tags))
                .accountOwner(accountOwner)
                .contactPreferences(profile.contactPreferences())
                .build();
    }

    private static String normalizeLanguage(String tag) {
        if (tag.isEmpty()) {
            return DEFAULT_LANGUAGE;
        }
        try {
            String normalized = new Locale.Builder().setLanguageTag(tag).build().toLanguageTag();
            return normalized.equals("und") ? null : normalized;
        } catch (IllformedLocaleException e) {
            return null;
        }
    }

    /** {@code raw} in E.164 form; null unless it is a valid number starting with + and the country code. */
    static String toE164(String raw) {
        String trimmed = trim(raw);
        if (!trimmed.startsWith("+")) {
            return null;
        }
        try {
            PhoneNumber number = PHONES.parse(trimmed, null);
            return PHONES.isValidNumber(number) ? PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static Segment normalizeSegment(Segment segment, String prefix, Violations violations) {
        violations.require(segment.attributes().size() <= MAX_ATTRIBUTES, prefix + "attributes",
                "at most " + MAX_ATTRIBUTES + " allowed");
        for (Map.Entry<String, String> attribute : segment.attributes().entrySet()) {
            violations.require(ATTRIBUTE_KEY.matcher(attribute.getKey()).matches(),
                    prefix + "attributes[" + attribute.getKey() + "]",
                    "key must be lowercase letters, digits and underscores, starting with a letter (at most 64)");
            violations.require(attribute.getValue().length() <= MAX_TEXT, prefix + "attributes[" + attribute.getKey() + "]",
                    "value must be at most " + MAX_TEXT + " characters");
        }
        violations.require(segment.competitorProducts().size() <= MAX_COMPETITOR_PRODUCTS, prefix + "competitor_products",
                "at most " + MAX_COMPETITOR_PRODUCTS + " allowed");
        List<String> products = new ArrayList<>();
        for (int i = 0; i < segment.competitorProducts().size(); i++) {
            String product = trim(segment.competitorProducts().get(i));
            violations.require(!product.isEmpty() && product.length() <= MAX_TEXT, prefix + "competitor_products[" + i + "]",
                    "must be 1 to " + MAX_TEXT + " characters");
            products.add(product);
        }
        return new Segment(segment.attributes(), segment.customerSince(), products);
    }

    private static void checkValue(CustomerValue value, String prefix, Violations violations) {
        violations.require(value.profitability() != null, prefix + "profitability", "is not a known band");
        violations.require(value.growthPotential() != null, prefix + "growth_potential", "is not a known band");
        Money lifetime = value.lifetimeValue();
        if (lifetime != null) {
            violations.require(CURRENCY.matcher(lifetime.currency()).matches(), prefix + "lifetime_value.currency_code",
                    "must be an ISO 4217 code such as EUR");
            violations.require(lifetime.amount().signum() >= 0, prefix + "lifetime_value", "must not be negative");
        }
    }

    private static void checkContactPreferences(ContactPreferences preferences, String prefix, Violations violations) {
        for (int i = 0; i < preferences.allowedChannels().size(); i++) {
            violations.require(preferences.allowedChannels().get(i) != null, prefix + "allowed_channels[" + i + "]",
                    "must be a known channel");
        }
        ContactBudget budget = preferences.budget();
        if (budget != null) {
            violations.require(budget.maxContacts() >= 1 && budget.maxContacts() <= MAX_CONTACTS,
                    prefix + "budget.max_contacts", "must be between 1 and " + MAX_CONTACTS);
            violations.require(budget.period() != null && budget.period().compareTo(MIN_PERIOD) >= 0
                    && budget.period().compareTo(MAX_PERIOD) <= 0, prefix + "budget.period",
                    "must be between 1 hour and 366 days");
        }
    }

    private static String trim(String text) {
        return text == null ? "" : text.strip();
    }
}
