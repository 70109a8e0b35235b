package io.exceed.defaults.api;

import java.util.OptionalLong;

import io.grpc.stub.StreamObserver;

/** The small steps every unary endpoint repeats. */
public final class UnaryCalls {

    private UnaryCalls() {
    }

    /** Sends the one answer of a unary call. */
    public static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }

    /** A proto3 {@code optional int64} (e.g. expected_version) as the caller sent it, or empty. */
    public static OptionalLong optional(boolean present, long value) {
        return present ? OptionalLong.of(value) : OptionalLong.empty();
    }
}
