package io.exceed.feedback.domain;

import java.util.regex.Pattern;

import io.exceed.defaults.error.Violations;

/** Customer ids as customer-service issues them (feedback-service refers to customers, it does not own them). */
public final class CustomerIds {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    private CustomerIds() {
    }

    public static void check(String customerId, String field, Violations violations) {
        violations.require(customerId != null && FORMAT.matcher(customerId).matches(), field,
                "is required: 1 to 100 of A-Z, a-z, 0-9, '_', '.', ':', '-'");
    }
}
