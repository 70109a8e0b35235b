package io.exceed.customer.store;

import java.time.Instant;
import java.util.Date;

/** Instants as BSON dates (millisecond precision, which the service clock already truncates to). */
final class Times {

    private Times() {
    }

    static Date toDate(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant toInstant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
