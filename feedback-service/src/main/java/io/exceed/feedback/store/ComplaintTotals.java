package io.exceed.feedback.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.exceed.feedback.domain.analytics.AnalyticsStore;
import io.exceed.feedback.domain.analytics.ComplaintPareto;

/**
 * What the Pareto counts of some complaints, in a form that adds up: per category (under {@link #categoryField} of
 * its key) the count and the first complaint by id with its name, as the raw computation names a category after its
 * first complaint; the resolved (or closed) ones and of those the ones with a prevention action.
 */
final class ComplaintTotals {

    /** The first complaint of a category: its id, a NUL (which sorts before any character of a longer id), its name. */
    static String first(String complaintId, String category) {
        return complaintId + '\u0000' + category;
    }

    /** A category key as a field name: a one-way key, so no dot or dollar of a category reaches a field name. */
    static String categoryField(String categoryKey) {
        return MongoRollups.sha256(categoryKey).substring(0, 32);
    }

    private record Category(long count, String first) {
    }

    private final Map<String, Category> categories = new HashMap<>();
    private long resolved;
    private long prevented;

    void addCategory(String field, long count, String first) {
        categories.merge(field, new Category(count, first), (known, more) -> new Category(known.count + more.count,
                known.first.compareTo(more.first) <= 0 ? known.first : more.first));
    }

    void addResolutions(long resolvedCount, long preventedCount) {
        resolved += resolvedCount;
        prevented += preventedCount;
    }

    void add(ComplaintTotals other) {
        other.categories.forEach((field, category) -> addCategory(field, category.count, category.first));
        addResolutions(other.resolved, other.prevented);
    }

    AnalyticsStore.ParetoCounts counts() {
        List<ComplaintPareto.CategoryCount> counts = new ArrayList<>();
        categories.values().stream().filter(category -> category.count > 0).forEach(category -> counts.add(
                new ComplaintPareto.CategoryCount(category.first.substring(category.first.indexOf('\u0000') + 1),
                        category.count)));
        return new AnalyticsStore.ParetoCounts(counts, resolved, prevented);
    }
}
