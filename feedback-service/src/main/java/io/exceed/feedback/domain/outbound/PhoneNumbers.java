package io.exceed.feedback.domain.outbound;

import java.util.regex.Pattern;

/** Phone numbers as texts need them: E.164, which customer-service stores them in. */
public final class PhoneNumbers {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private PhoneNumbers() {
    }

    public static boolean isE164(String number) {
        return number != null && E164.matcher(number).matches();
    }
}
