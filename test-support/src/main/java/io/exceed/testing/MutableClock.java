package io.exceed.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The service's clock in tests: time rules are checked at chosen instants instead of waiting. */
public final class MutableClock extends Clock {

    /** A Monday at noon UTC: outside everyone's default quiet hours in Europe. */
    public static final Instant DEFAULT_NOW = Instant.parse("2026-03-02T12:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(DEFAULT_NOW);

    public void set(Instant instant) {
        now.set(instant);
    }

    public void advance(Duration duration) {
        now.updateAndGet(current -> current.plus(duration));
    }

    public void reset() {
        now.set(DEFAULT_NOW);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service reads instants only");
    }
}
