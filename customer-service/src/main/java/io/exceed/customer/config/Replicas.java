package io.exceed.customer.config;

import java.util.UUID;

/** This process's name in leases: the pod's host name and a random part, unique across restarts. */
final class Replicas {

    private static final String ID = System.getenv().getOrDefault("HOSTNAME", "local") + "-" + UUID.randomUUID();

    private Replicas() {
    }

    static String id() {
        return ID;
    }
}
