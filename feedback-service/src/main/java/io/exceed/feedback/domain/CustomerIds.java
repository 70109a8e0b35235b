package io.exceed.feedback.domain;

import java.util.regex.Pattern;

import io.exceed.defaults.error.Violations;

/** Customer ids as customer-service issues them (feedback-service refers to customers, it does not own them). */
public final class CustomerIds {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    /** customer-service chooses pseudonyms in this form, which no customer id has. */
    public static final String PSEUDONYM_PREFIX = "erased-";

    private CustomerIds() {
    }

    /** Whether the id is an erased customer's pseudonym. */
    public static boolean isPseudonym(String customerId) {
        return customerId.startsWith(PSEUDONYM_PREFIX);
    }

    public static void check(String customerId, String field, Violations violations) {
        violations.require(customerId != null && FORMAT.matcher(customerId).matches(), field,
                "is required: 1 to 100 of A-Z, a-z, 0-9, '_', '.', ':', '-'");
    }
}
