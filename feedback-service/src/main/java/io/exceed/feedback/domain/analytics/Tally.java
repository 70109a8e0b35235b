package io.exceed.feedback.domain.analytics;

import java.util.EnumMap;
import java.util.Map;

import io.exceed.feedback.domain.Dimension;

/**
 * Counts and sums over a set of responses, from which every score follows. Tallies of days add up to the
 * tallies of weeks and months, so the store returns one per day and nothing per response.
 */
public final class Tally {

    long responses;
    final long[] nps = new long[11];
    final long[] csat = new long[6];
    long cesCount;
    long cesSum;
    final Map<Dimension, GapSums> gaps = new EnumMap<>(Dimension.class);

    /** Sums of one dimension's gaps. */
    public static final class GapSums {
        long count;
        long perceived;
        long expected;
        long gap;
        long exceeded;

        void add(GapSums other) {
            count += other.count;
            perceived += other.perceived;
            expected += other.expected;
            gap += other.gap;
            exceeded += other.exceeded;
        }
    }

    public void addResponses(long count) {
        responses += count;
    }

    public void addNps(int score, long count) {
        nps[score] += count;
    }

    public void addCsat(int score, long count) {
        csat[score] += count;
    }

    public void addCes(int score, long count) {
        cesCount += count;
        cesSum += (long) score * count;
    }

    public void addGaps(Dimension dimension, long count, long perceivedSum, long expectedSum, long gapSum,
            long exceededCount) {
        GapSums sums = new GapSums();
        sums.count = count;
        sums.perceived = perceivedSum;
        sums.expected = expectedSum;
        sums.gap = gapSum;
        sums.exceeded = exceededCount;
        gaps.computeIfAbsent(dimension, d -> new GapSums()).add(sums);
    }

    public void add(Tally other) {
        responses += other.responses;
        for (int i = 0; i < nps.length; i++) {
            nps[i] += other.nps[i];
        }
        for (int i = 0; i < csat.length; i++) {
            csat[i] += other.csat[i];
        }
        cesCount += other.cesCount;
        cesSum += other.cesSum;
        other.gaps.forEach((dimension, sums) -> gaps.computeIfAbsent(dimension, d -> new GapSums()).add(sums));
    }
}
