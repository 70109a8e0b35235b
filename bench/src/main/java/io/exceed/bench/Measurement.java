package io.exceed.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/** One throughput scenario's measured period: completed calls per second and their latency. */
record Measurement(String scenario, long calls, double seconds, double p50Ms, double p99Ms, double p999Ms,
        long errors, String firstError) {

    static Measurement of(String scenario, Histogram nanos, double seconds, long errors, String firstError) {
        return new Measurement(scenario, nanos.getTotalCount(), seconds, ms(nanos, 50), ms(nanos, 99),
                ms(nanos, 99.9), errors, firstError);
    }

    private static double ms(Histogram nanos, double percentile) {
        return nanos.getTotalCount() == 0 ? 0 : nanos.getValueAtPercentile(percentile) / 1e6;
    }

    double throughput() {
        return seconds <= 0 ? 0 : calls / seconds;
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", scenario);
        json.put("calls", calls);
        json.put("seconds", seconds);
        json.put("throughput_per_s", throughput());
        json.put("p50_ms", p50Ms);
        json.put("p99_ms", p99Ms);
        json.put("p999_ms", p999Ms);
        json.put("errors", errors);
        if (firstError != null) {
            json.put("first_error", firstError);
        }
        return json;
    }
}
