package io.exceed.feedback.domain.response;

import io.exceed.feedback.domain.Dimension;

/** The level (0–100) a customer expected on one dimension. */
public record ExpectedLevel(Dimension dimension, int level) {
}
