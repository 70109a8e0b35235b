package io.exceed.feedback.domain.analytics;

import java.time.Instant;

/**
 * How much of one day's rolled-up responses a window [start, end) takes, judged by the earliest and latest submit
 * time the day's rollups hold: all of them (the rollup answers), none, or some (only those responses can say which,
 * so the part of the day inside the window is computed from them). Windows ending now, or on midnights, take all.
 */
public enum DayCoverage {
    ALL, NONE, SOME;

    public static DayCoverage of(Instant earliest, Instant latest, Instant start, Instant end) {
        if (latest.isBefore(start) || !earliest.isBefore(end)) {
            return NONE;
        }
        return !earliest.isBefore(start) && latest.isBefore(end) ? ALL : SOME;
    }
}
