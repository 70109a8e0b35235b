package io.exceed.customer.domain;

import java.time.Instant;
import java.util.List;

/** What a customer said they expect at one moment; appended, never changed. */
public record ExpectationSnapshot(
        String id,
        String customerId,
        List<DriverWeight> driverWeights,
        List<DimensionLevel> dimensionLevels,
        ExpectationSource source,
        Instant observeTime,
        Instant recordTime) {

    public ExpectationSnapshot {
        driverWeights = List.copyOf(driverWeights);
        dimensionLevels = List.copyOf(dimensionLevels);
    }

    /** How much one driver weighs; a null driver is one the caller sent but that is not known. */
    public record DriverWeight(Driver driver, int weight) {
    }

    /** The level expected on one dimension; a null dimension is one that is not known. */
    public record DimensionLevel(ServiceDimension dimension, int expectedLevel) {
    }
}
