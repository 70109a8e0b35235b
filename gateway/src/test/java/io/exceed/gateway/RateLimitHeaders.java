package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of the RateLimit header fields. The seconds a bucket needs to fill shrink while a test runs, so they
 * are checked against their most (the value right after the call) and a minute less.
 */
final class RateLimitHeaders {

    private static final Pattern RATE_LIMIT = Pattern.compile("\"([a-z]+)\";r=(\\d+);t=(\\d+)");
    private static final long SLACK_SECONDS = 60;

    private RateLimitHeaders() {
    }

    static void assertRemaining(String header, String policy, long remaining, long secondsToFill) {
        Matcher matcher = RATE_LIMIT.matcher(header);
        assertThat(matcher.matches()).as("RateLimit: %s", header).isTrue();
        assertThat(matcher.group(1)).isEqualTo(policy);
        assertThat(Long.parseLong(matcher.group(2))).as("remaining in %s", header).isEqualTo(remaining);
        assertSeconds(matcher.group(3), secondsToFill);
    }

    static void assertSeconds(String value, long most) {
        assertThat(Long.parseLong(value)).isBetween(most - SLACK_SECONDS, most);
    }
}
