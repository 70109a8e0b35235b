package io.exceed.followup.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a {@code Retry-After} header (RFC 9110: delta-seconds or an HTTP-date). The wait is capped so a
 * receiver cannot park a delivery for longer than the retry schedule would; a malformed value is ignored rather
 * than failing the attempt, since the header is only advice.
 */
final class RetryAfter {

    static final Duration MAX = Duration.ofHours(24);

    private static final Pattern DELTA_SECONDS = Pattern.compile("\\d+");
    /** More digits than this certainly exceed {@link #MAX}; stops {@link Long#parseLong} from overflowing. */
    private static final int MAX_DELTA_DIGITS = 9;

    private RetryAfter() {
    }

    static Optional<Duration> parse(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        if (DELTA_SECONDS.matcher(trimmed).matches()) {
            return Optional.of(trimmed.length() > MAX_DELTA_DIGITS
                    ? MAX
                    : capped(Duration.ofSeconds(Long.parseLong(trimmed))));
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration untilThen = Duration.between(now, at);
            return Optional.of(untilThen.isNegative() ? Duration.ZERO : capped(untilThen));
        } catch (DateTimeParseException malformed) {
            return Optional.empty();
        }
    }

    private static Duration capped(Duration wait) {
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
