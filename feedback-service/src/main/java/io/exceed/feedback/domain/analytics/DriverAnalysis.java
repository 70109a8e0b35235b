package io.exceed.feedback.domain.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

import io.exceed.feedback.domain.Dimension;

/**
 * Which dimension's expectation gap moves NPS most: per dimension, the Pearson correlation of the gap (x) with
 * the NPS answer (y) and the least-squares slope of y on x, from sums the store computes. Nothing is claimed
 * below the minimum sample size.
 */
public record DriverAnalysis(List<Driver> drivers, long minimumSampleSize) {

    /** One dimension's result; correlation and slope are empty when insufficient or undefined. */
    public record Driver(Dimension dimension, long sampleSize, boolean sufficient, OptionalDouble correlation,
            OptionalDouble slope) {
    }

    /** Σx, Σy, Σx², Σy², Σxy over n responses with both an NPS answer and a gap on the dimension. */
    public record Sums(Dimension dimension, long n, double x, double y, double xx, double yy, double xy) {
    }

    static DriverAnalysis of(List<Sums> sums, long minimumSampleSize) {
        List<Driver> drivers = new ArrayList<>();
        for (Sums s : sums) {
            if (s.n() < minimumSampleSize) {
                drivers.add(new Driver(s.dimension(), s.n(), false, OptionalDouble.empty(), OptionalDouble.empty()));
                continue;
            }
            double sxx = s.xx() - s.x() * s.x() / s.n();
            double syy = s.yy() - s.y() * s.y() / s.n();
            double sxy = s.xy() - s.x() * s.y() / s.n();
            // With no variation in the gap or in NPS there is no relationship to measure, only a division by zero.
            boolean defined = sxx > 0 && syy > 0;
            drivers.add(new Driver(s.dimension(), s.n(), true,
                    defined ? OptionalDouble.of(sxy / Math.sqrt(sxx * syy)) : OptionalDouble.empty(),
                    sxx > 0 ? OptionalDouble.of(sxy / sxx) : OptionalDouble.empty()));
        }
        drivers.sort(Comparator.comparing((Driver d) -> !d.sufficient())
                .thenComparing(d -> d.correlation().isEmpty())
                .thenComparing(d -> -Math.abs(d.correlation().orElse(0)))
                .thenComparing(Driver::dimension));
        return new DriverAnalysis(List.copyOf(drivers), minimumSampleSize);
    }
}
