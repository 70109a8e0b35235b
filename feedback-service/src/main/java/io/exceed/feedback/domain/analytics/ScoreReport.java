package io.exceed.feedback.domain.analytics;

import java.util.List;

/** Scores over a window, in total and per period. */
public record ScoreReport(Scores total, List<Bucket> buckets) {

    /** The scores of one period. */
    public record Bucket(Period period, Scores scores) {
    }
}
