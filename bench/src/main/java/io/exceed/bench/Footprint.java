package io.exceed.bench;

/**
 * Scenario 7, one application: time from process start to ready, and memory after the load it just served — heap
 * in use as found, heap still live after a full collection, and the process's resident set.
 */
record Footprint(String application, double startToHealthyS, double heapUsedAfterLoadMib,
        double heapLiveAfterGcMib, double rssMib) {

    static Footprint of(ServiceProcess application, String label) throws InterruptedException {
        return of(application, label, application.startToHealthySeconds());
    }

    /** With the start→healthy of a plain start of the same application, for one that started doing more. */
    static Footprint of(ServiceProcess application, String label, double startToHealthyS)
            throws InterruptedException {
        double heapUsed = application.heapUsedMib();
        return new Footprint(label, startToHealthyS, heapUsed, application.heapAfterGcMib(), application.rssMib());
    }
}
