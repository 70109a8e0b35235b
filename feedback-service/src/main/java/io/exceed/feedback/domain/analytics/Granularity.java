package io.exceed.feedback.domain.analytics;

/** How scores are bucketed over time: UTC calendar days, ISO weeks (from Monday) or months; NONE = total only. */
public enum Granularity {
    NONE, DAY, WEEK, MONTH
}
