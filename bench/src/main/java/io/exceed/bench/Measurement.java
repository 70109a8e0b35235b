package io.exceed.bench;

import org.HdrHistogram.Histogram;

import com.google.gson.annotations.SerializedName;

/** One throughput scenario's measured period: completed calls per second and their latency. */
record Measurement(String scenario, long calls, double seconds, @SerializedName("throughput_per_s") double throughput,
        double p50Ms, double p99Ms, double p999Ms, long refusals, long errors, String firstError) {

    static Measurement of(String scenario, Histogram nanos, double seconds, long refusals, long errors,
            String firstError) {
        long calls = nanos.getTotalCount();
        return new Measurement(scenario, calls, seconds, seconds <= 0 ? 0 : calls / seconds, ms(nanos, 50),
                ms(nanos, 99), ms(nanos, 99.9), refusals, errors, firstError);
    }

    private static double ms(Histogram nanos, double percentile) {
        return nanos.getTotalCount() == 0 ? 0 : nanos.getValueAtPercentile(percentile) / 1e6;
    }
}
