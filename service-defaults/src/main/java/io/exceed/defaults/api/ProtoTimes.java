package io.exceed.defaults.api;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import io.exceed.defaults.error.Violations;

/** google.protobuf.Timestamp to and from Instant, checking the range the Timestamp contract allows. */
public final class ProtoTimes {

    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the bounds of google.protobuf.Timestamp. */
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    private ProtoTimes() {
    }

    /** The instant, or null with a violation of {@code field} if the timestamp is out of range. */
    public static Instant instant(Timestamp timestamp, String field, Violations violations) {
        boolean valid = timestamp.getSeconds() >= MIN_SECONDS && timestamp.getSeconds() <= MAX_SECONDS
                && timestamp.getNanos() >= 0 && timestamp.getNanos() <= 999_999_999;
        violations.require(valid, field, "is not a valid timestamp");
        return valid ? Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()) : null;
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
