package io.exceed.customer.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Who the customer is, in the terms the tenant segments by. */
public record Segment(Map<String, String> attributes, Instant customerSince, List<String> competitorProducts) {

    public static final Segment EMPTY = new Segment(Map.of(), null, List.of());

    public Segment {
        attributes = Map.copyOf(attributes);
        competitorProducts = List.copyOf(competitorProducts);
    }
}
