package io.exceed.feedback.domain.response;

import io.exceed.feedback.domain.Dimension;

/** Perceived minus expected on one dimension: above 0 the customer's expectation was exceeded. */
public record DimensionGap(Dimension dimension, int perceived, int expected) {

    public int gap() {
        return perceived - expected;
    }
}
