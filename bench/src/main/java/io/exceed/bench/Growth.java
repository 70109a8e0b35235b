package io.exceed.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

import io.exceed.bench.StoredCopies.FollowUpTemplates;
import io.exceed.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.GetCustomerViewRequest;
import io.exceed.defaults.storage.EmbeddedMongoServer;
import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc.FeedbackAnalyticsServiceBlockingStub;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc;
import io.exceed.feedback.v1.GetScoresRequest;
import io.exceed.feedback.v1.Granularity;
import io.exceed.feedback.v1.ResponseFilter;
import io.exceed.feedback.v1.SurveyServiceGrpc.SurveyServiceBlockingStub;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.launcher.JarApplication;
import io.grpc.ManagedChannel;

/**
 * Scenario 10: whether the cost of each hot operation grows with all the data ever stored. Each operation runs on
 * a fresh harness-hosted store seeded with N documents of the kinds it could read (other customers' expectation
 * snapshots, contact states and contact-log entries; responses and their rollups; follow-ups not yet due or
 * already done), is measured, and is measured again once 9·N more are stored. On the embedded store any query
 * that is not an exact-key lookup reads the whole collection, so growth shows plainly; the ratio of the two
 * latencies is what is reported.
 */
final class Growth {

    static final String SUBMIT_RESPONSE = "submit response";
    static final String SCORES_BY_WEEK = "GetScores by week";
    static final String CUSTOMER_VIEW = "get customer view";
    static final String RESERVE_CONTACT = "reserve contact";
    static final String SCHEDULER_DISPATCH = "scheduler dispatch lag";

    /** One operation measured with N and with 10·N documents stored. */
    record Grown(String operation, String seeded, Measurement atN, Measurement atTenN) {

        double p50Ratio() {
            return atN.p50Ms() == 0 ? 0 : atTenN.p50Ms() / atN.p50Ms();
        }

        double p99Ratio() {
            return atN.p99Ms() == 0 ? 0 : atTenN.p99Ms() / atN.p99Ms();
        }
    }

    /**
     * The operations, and the scheduler's two bursts as scenario 5 reports them.
     *
     * @param seedSeconds seconds spent writing documents straight into the stores, all services together
     */
    record Result(int n, List<Grown> operations, List<SchedulerRun.Result> schedulerBursts, double seedSeconds) {

        List<Measurement> measurements() {
            return operations.stream().flatMap(grown -> Stream.of(grown.atN(), grown.atTenN()))
                    .toList();
        }
    }

    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(120);
    /** A phase's warm-up, and its measured calls, stop after this long even if not done, so a run always ends. */
    private static final Duration LONGEST_WARM_UP = Duration.ofSeconds(30);
    private static final Duration LONGEST = Duration.ofMinutes(2);
    private static final long DEADLINE_SECONDS = 30;
    /** Customers created through the API in each phase, whose view is read and whose contacts are reserved. */
    private static final int MEASURED_CUSTOMERS = 20;

    private final Path root;
    private final Path runDir;
    private final Path logDir;
    private final Options options;
    private final List<ServiceProcess> started;
    private final int warmUpCalls;
    private final int calls;
    private double seedSeconds;

    private Growth(Path root, Path runDir, Path logDir, Options options, List<ServiceProcess> started) {
        this.root = root;
        this.runDir = runDir.resolve("growth");
        this.logDir = logDir.resolve("growth");
        this.options = options;
        this.started = started;
        this.warmUpCalls = options.smoke() ? 10 : 200;
        this.calls = options.smoke() ? 50 : 300;
    }

    static Result run(Path root, Path runDir, Path logDir, String secretKey, Options options,
            List<ServiceProcess> started) throws Exception {
        Growth growth = new Growth(root, runDir, logDir, options, started);
        List<Grown> operations = new ArrayList<>(growth.feedback());
        operations.addAll(growth.customers());
        List<SchedulerRun.Result> bursts = growth.scheduler(secretKey);
        operations.add(new Grown(SCHEDULER_DISPATCH, "follow-ups, half not yet due and half done",
                burst(bursts.get(0), growth.scenario(SCHEDULER_DISPATCH, 1)),
                burst(bursts.get(1), growth.scenario(SCHEDULER_DISPATCH, 10))));
        return new Result(options.growthN(), operations, bursts, growth.seedSeconds);
    }

    /** Submit response and GetScores by week, on feedback-service with N and 10·N responses and their rollups. */
    private List<Grown> feedback() throws Exception {
        int n = options.growthN();
        System.out.printf("   feedback-service: %d responses, then %d ...%n", n, 10 * n);
        try (EmbeddedMongoServer store = new EmbeddedMongoServer(runDir.resolve("feedback-store"),
                "feedback-service")) {
            String surveyId;
            ServiceProcess seeding = Analytics.start(root, "feedback-service-growth", runDir, logDir, options, store,
                    false, started);
            ManagedChannel seedingChannel = Tenants.channel(seeding);
            try {
                surveyId = DirectGrpc.publishedSurvey(Tenants.asTenant(
                        SurveyServiceGrpc.newBlockingStub(seedingChannel)));
            } finally {
                seedingChannel.shutdownNow();
                stop(seeding);
            }
            // Seeded responses fall in [start, start + SPAN); those submitted while measuring come later, so the
            // query counts exactly the seeded ones. The benchmark's tenant has N; the 9·N added are nine other
            // tenants' (N each), so its own figures stay the same while every collection grows tenfold.
            Instant start = Instant.now().minus(Analytics.SPAN);
            List<Measurement> scores = new ArrayList<>();
            List<Measurement> submits = new ArrayList<>();
            for (int times : List.of(1, 10)) {
                if (times == 1) {
                    seed(() -> Analytics.seed(store.connectionString(), surveyId, start, n), n + " responses");
                } else {
                    seed(() -> {
                        for (int tenant = 1; tenant < times; tenant++) {
                            Analytics.seed(store.connectionString(), "growth-" + tenant, surveyId, start, n);
                        }
                    }, 9 * n + " responses of nine other tenants");
                }
                // Written around the service, the responses are in no rollup until it rebuilds them at start.
                ServiceProcess feedback = Analytics.start(root, "feedback-service-growth-" + times + "n", runDir,
                        logDir, options, store, true, started);
                ManagedChannel channel = Tenants.channel(feedback);
                try {
                    FeedbackAnalyticsServiceBlockingStub analytics = Tenants.asTenant(
                            FeedbackAnalyticsServiceGrpc.newBlockingStub(channel));
                    SurveyServiceBlockingStub surveys = Tenants.asTenant(SurveyServiceGrpc.newBlockingStub(channel));
                    GetScoresRequest byWeek = GetScoresRequest.newBuilder()
                            .setFilter(ResponseFilter.newBuilder().setStartTime(DirectGrpc.timestamp(start))
                                    .setEndTime(DirectGrpc.timestamp(start.plus(Analytics.SPAN))))
                            .setGranularity(Granularity.GRANULARITY_WEEK).build();
                    long expected = n;
                    scores.add(time(SCORES_BY_WEEK, times, (caller, sequence) -> Analytics.checkCount(analytics
                            .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).getScores(byWeek).getTotal()
                            .getResponseCount(), expected)));
                    submits.add(time(SUBMIT_RESPONSE, times, (caller, sequence) -> surveys
                            .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                            .createResponse(CreateResponseRequest.newBuilder()
                                    .setResponse(DirectGrpc.response(surveyId, "c-" + sequence % 5_000)).build())));
                } finally {
                    channel.shutdownNow();
                    stop(feedback);
                }
            }
            String seeded = "responses (rollups rebuilt from them at start; the 9·N added are other tenants')";
            return List.of(new Grown(SUBMIT_RESPONSE, seeded, submits.get(0), submits.get(1)),
                    new Grown(SCORES_BY_WEEK, seeded, scores.get(0), scores.get(1)));
        }
    }

    /**
     * The 360 view and contact reservations, on customer-service with N and 10·N other customers' expectation
     * snapshots and contact-log entries (and their customers, pointers and contact states). No other service runs:
     * the view's feedback and follow-up sections are unavailable, so what is measured is customer-service's part.
     */
    private List<Grown> customers() throws Exception {
        int n = options.growthN();
        System.out.printf("   customer-service: %d expectation snapshots and contact-log entries, then %d ...%n", n,
                10 * n);
        String nowhere = "127.0.0.1:" + JarApplication.freePort();
        try (EmbeddedMongoServer store = new EmbeddedMongoServer(runDir.resolve("customer-store"),
                "customer-service")) {
            ServiceProcess customers = ServiceProcess.start(root, "customer-service", "customer-service-growth",
                    "GRPC_PORT", runDir.resolve("customer-service-growth"), logDir, options.jfr(), Map.of(
                            "MONGODB_URI", store.connectionString(),
                            "EXCEED_STORAGE_EXACT_KEY_INDEXES", "true",
                            "EXCEED_PLAYBOOK_DELIVERY_ENABLED", "false",
                            "FEEDBACK_SERVICE_TARGET", nowhere,
                            "FOLLOWUP_SERVICE_TARGET", nowhere));
            started.add(customers);
            ManagedChannel channel = Tenants.channel(customers);
            try {
                customers.awaitHealthy();
                CustomerServiceBlockingStub stub = Tenants.asTenant(CustomerServiceGrpc.newBlockingStub(channel));
                StoredCopies.CustomerTemplate template = StoredCopies.customerTemplate(stub, store.connectionString());
                List<Measurement> views = new ArrayList<>();
                List<Measurement> reservations = new ArrayList<>();
                int stored = 0;
                for (int times : List.of(1, 10)) {
                    int adding = times * n - stored;
                    seed(() -> template.copy(adding), adding + " expectation snapshots and contact-log entries");
                    stored += adding;
                    List<String> measured = new ArrayList<>();
                    for (int i = 0; i < MEASURED_CUSTOMERS; i++) {
                        measured.add(StoredCopies.contactableCustomer(stub, "Measured " + times + "n-" + i));
                    }
                    views.add(time(CUSTOMER_VIEW, times, (caller, sequence) -> stub
                            .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                            .getCustomerView(GetCustomerViewRequest.newBuilder()
                                    .setCustomerId(measured.get((int) (sequence % measured.size()))).build())));
                    reservations.add(time(RESERVE_CONTACT, times, (caller, sequence) -> StoredCopies.reserve(stub
                            .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS),
                            measured.get((int) (sequence % measured.size())))));
                }
                String seeded = "other customers' expectation snapshots and contact-log entries";
                return List.of(new Grown(CUSTOMER_VIEW, seeded, views.get(0), views.get(1)),
                        new Grown(RESERVE_CONTACT, seeded, reservations.get(0), reservations.get(1)));
            } finally {
                channel.shutdownNow();
                stop(customers);
            }
        }
    }

    /**
     * A burst of follow-ups falling due (scenario 5's run, small), on one followup-service replica with N and
     * 10·N other follow-ups stored: half not yet due, half done.
     */
    private List<SchedulerRun.Result> scheduler(String secretKey) throws Exception {
        int n = options.growthN();
        int burst = options.smoke() ? 50 : 200;
        System.out.printf("   followup-service: %d follow-ups due in a burst, with %d follow-ups stored, then %d ...%n",
                burst, n, 10 * n);
        return SchedulerRun.withReplicas(root, runDir, logDir, "scheduler", 1, secretKey, options, started,
                (store, channels, receiver) -> {
                    FollowUpTemplates templates = StoredCopies.followUpTemplates(channels.getFirst(),
                            store.connectionString());
                    List<SchedulerRun.Result> bursts = new ArrayList<>();
                    int stored = 0;
                    for (int times : List.of(1, 10)) {
                        int adding = times * n - stored;
                        int from = stored;
                        seed(() -> templates.copy(from, adding), adding + " follow-ups");
                        stored += adding;
                        System.out.printf("   %s ...%n", scenario(SCHEDULER_DISPATCH, times));
                        bursts.add(SchedulerRun.measure(channels, receiver, 1, 0, "growth-" + times + "n", burst,
                                Duration.ofSeconds(2), options));
                    }
                    return bursts;
                });
    }

    /** A scheduler burst as a measurement: dispatches per second, and the lag from due time to receipt. */
    private static Measurement burst(SchedulerRun.Result run, String scenario) {
        double seconds = run.dispatchesPerSecond() == 0 ? 0 : run.received() / run.dispatchesPerSecond();
        long errors = run.creationErrors() + run.duplicates() + run.losses() + run.unexpected() + run.badSignatures();
        return new Measurement(scenario, run.received(), seconds, run.dispatchesPerSecond(), run.lagP50Ms(),
                run.lagP99Ms(), run.lagMaxMs(), 0, errors, run.firstError() != null ? run.firstError()
                        : errors == 0 ? null : "duplicates, losses, unexpected webhooks or bad signatures");
    }

    @FunctionalInterface
    private interface Seeding {
        void run() throws Exception;
    }

    private void seed(Seeding seeding, String what) throws Exception {
        long before = System.nanoTime();
        seeding.run();
        double seconds = (System.nanoTime() - before) / 1e9;
        seedSeconds += seconds;
        System.out.printf(Locale.ROOT, "   seeded %s in %.1f s%n", what, seconds);
    }

    private String label(int times) {
        return "@" + times * options.growthN();
    }

    /** The table's name for an operation with {@code times}·N documents stored. */
    private String scenario(String operation, int times) {
        return "growth " + operation + " " + label(times);
    }

    /**
     * {@code warmUpCalls} unrecorded calls (or as many as fit in {@link #LONGEST_WARM_UP}), then {@code calls}
     * recorded ones (or as many as fit in {@link #LONGEST}, at least one), one after another from one caller: the
     * operation's own latency, not queueing behind the harness's other calls. Errors count in both.
     */
    private Measurement time(String operation, int times, ClosedLoop.Call call) {
        String scenario = scenario(operation, times);
        System.out.printf("   %s ...%n", scenario);
        Histogram nanos = new Histogram(HIGHEST_NANOS, 3);
        long[] errors = {0};
        String[] firstError = {null};
        long warmUpUntil = System.nanoTime() + LONGEST_WARM_UP.toNanos();
        for (int sequence = 0; sequence < warmUpCalls && System.nanoTime() < warmUpUntil; sequence++) {
            timed(call, sequence, null, errors, firstError);
        }
        long measuredFrom = System.nanoTime();
        for (int sequence = warmUpCalls; sequence < warmUpCalls + calls; sequence++) {
            if (sequence > warmUpCalls && System.nanoTime() - measuredFrom > LONGEST.toNanos()) {
                break;
            }
            timed(call, sequence, nanos, errors, firstError);
        }
        return Measurement.of(scenario, nanos, (System.nanoTime() - measuredFrom) / 1e9, 0, errors[0],
                firstError[0]);
    }

    /** One call, its latency recorded in {@code nanos} (unless null) or its failure counted. */
    private static void timed(ClosedLoop.Call call, int sequence, Histogram nanos, long[] errors,
            String[] firstError) {
        long before = System.nanoTime();
        try {
            call.run(0, sequence);
            if (nanos != null) {
                nanos.recordValue(Math.min(System.nanoTime() - before, HIGHEST_NANOS));
            }
        } catch (Exception e) {
            errors[0]++;
            firstError[0] = firstError[0] == null ? e.toString() : firstError[0];
        }
    }

    private void stop(ServiceProcess service) {
        service.close();
        started.remove(service);
    }
}
