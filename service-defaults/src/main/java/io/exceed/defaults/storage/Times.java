package io.exceed.defaults.storage;

import java.time.Instant;
import java.util.Date;

/** Instants as BSON dates (millisecond precision, which the service clock already truncates to). */
public final class Times {

    private Times() {
    }

    public static Date toDate(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    public static Instant toInstant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
