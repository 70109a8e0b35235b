package io.exceed.feedback.domain.analytics;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Recovery measured: of the customers who were detractors in a window (an NPS answer from 0 to 6), how many were
 * won back, that is answered 7 or more after their first detractor answer in the window.
 */
public record RecoveryStats(long detractorCount, long rescuedCount, OptionalDouble rescueRate) {

    /**
     * @param firstDetractorAnswers per customer, when they first answered 0 to 6 in the window
     * @param lastGoodAnswers       per customer, when they last answered 7 or more in the window
     */
    static RecoveryStats of(Map<String, Instant> firstDetractorAnswers, Map<String, Instant> lastGoodAnswers) {
        long rescued = firstDetractorAnswers.entrySet().stream().filter(detractor -> {
            Instant good = lastGoodAnswers.get(detractor.getKey());
            return good != null && good.isAfter(detractor.getValue());
        }).count();
        long detractors = firstDetractorAnswers.size();
        return new RecoveryStats(detractors, rescued,
                detractors == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) rescued / detractors));
    }
}
