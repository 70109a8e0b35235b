package io.exceed.defaults.api;

import java.time.Instant;
import java.time.LocalTime;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.type.TimeOfDay;

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

    /** The local time, or null with a violation of {@code field} if it is not a time of day. */
    public static LocalTime localTime(TimeOfDay time, String field, Violations violations) {
        boolean valid = time.getHours() >= 0 && time.getHours() <= 23 && time.getMinutes() >= 0
                && time.getMinutes() <= 59 && time.getSeconds() >= 0 && time.getSeconds() <= 59
                && time.getNanos() >= 0 && time.getNanos() <= 999_999_999;
        violations.require(valid, field, "must be a time of day between 00:00 and 23:59:59");
        return valid ? LocalTime.of(time.getHours(), time.getMinutes(), time.getSeconds(), time.getNanos()) : null;
    }

    public static TimeOfDay timeOfDay(LocalTime time) {
        return TimeOfDay.newBuilder().setHours(time.getHour()).setMinutes(time.getMinute())
                .setSeconds(time.getSecond()).setNanos(time.getNano()).build();
    }

    public static java.time.Duration duration(Duration duration) {
        return java.time.Duration.ofSeconds(duration.getSeconds(), duration.getNanos());
    }

    public static Duration duration(java.time.Duration duration) {
        return Duration.newBuilder().setSeconds(duration.getSeconds()).setNanos(duration.getNano()).build();
    }
}
