package io.exceed.feedback.domain.analytics;

import java.util.List;
import java.util.OptionalDouble;

/** Complaint categories by count, largest first, and how many resolutions fixed the cause for good. */
public record ComplaintPareto(long complaintCount, List<Category> categories, long resolvedCount, long preventionCount,
        OptionalDouble rootCauseCoverage) {

    /** One category with its share and the cumulative share of it and every larger one. */
    public record Category(String name, long count, double share, double cumulativeShare) {
    }

    /** A category as counted by the store, before sorting and shares. */
    public record CategoryCount(String name, long count) {
    }
}
