package io.exceed.feedback.domain.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import io.exceed.feedback.domain.Dimension;

/** The scores of a set of responses. A score with no answers behind it is empty, never 0. */
public record Scores(long responseCount, Nps nps, Csat csat, Ces ces, List<GapStats> gaps) {

    /** % promoters (9–10) − % detractors (0–6). */
    public record Nps(long count, long promoters, long passives, long detractors, OptionalDouble score) {
    }

    /** % of answers 4 or 5. */
    public record Csat(long count, long satisfied, OptionalDouble score) {
    }

    /** Mean effort, 1 (easy) to 7 (hard). */
    public record Ces(long count, OptionalDouble mean) {
    }

    /** Perceived − expected on one dimension; exceeded = gap above 0. */
    public record GapStats(Dimension dimension, long count, double meanPerceived, double meanExpected, double meanGap,
            long exceededCount, double exceededRate) {
    }

    static Scores of(Tally tally) {
        long npsCount = 0;
        long promoters = 0;
        long detractors = 0;
        for (int score = 0; score <= 10; score++) {
            npsCount += tally.nps[score];
            if (score >= 9) {
                promoters += tally.nps[score];
            } else if (score <= 6) {
                detractors += tally.nps[score];
            }
        }
        long passives = npsCount - promoters - detractors;
        long csatCount = 0;
        for (long count : tally.csat) {
            csatCount += count;
        }
        long satisfied = tally.csat[4] + tally.csat[5];
        List<GapStats> gaps = new ArrayList<>();
        tally.gaps.forEach((dimension, sums) -> {
            if (sums.count > 0) {
                double n = sums.count;
                gaps.add(new GapStats(dimension, sums.count, sums.perceived / n, sums.expected / n, sums.gap / n,
                        sums.exceeded, sums.exceeded / n));
            }
        });
        return new Scores(tally.responses,
                new Nps(npsCount, promoters, passives, detractors,
                        npsCount == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * (promoters - detractors) / npsCount)),
                new Csat(csatCount, satisfied,
                        csatCount == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * satisfied / csatCount)),
                new Ces(tally.cesCount,
                        tally.cesCount == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) tally.cesSum / tally.cesCount)),
                List.copyOf(gaps));
    }
}
