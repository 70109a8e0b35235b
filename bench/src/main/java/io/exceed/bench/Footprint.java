package io.exceed.bench;

/**
 * Scenario 7, one application: time from process start to ready, and memory after the load it just served — heap
 * in use as found, heap still live after a full collection, and the process's resident set.
 */
record Footprint(String application, double startToHealthyS, double heapUsedAfterLoadMib,
        double heapLiveAfterGcMib, double rssMib) {

    static Footprint of(ServiceProcess application, String label) throws InterruptedException {
        double heapUsed = application.heapUsedMib();
        return new Footprint(label, application.startToHealthySeconds(), heapUsed, application.heapAfterGcMib(),
                application.rssMib());
    }
}
