package io.exceed.customer.client;

import io.grpc.Status;

/** How a failed call to another service is described to users: which service, what went wrong. */
final class RemoteFailures {

    private RemoteFailures() {
    }

    static String describe(String target, Throwable failure) {
        Status status = Status.fromThrowable(failure);
        return target + ": " + status.getCode()
                + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")");
    }
}
