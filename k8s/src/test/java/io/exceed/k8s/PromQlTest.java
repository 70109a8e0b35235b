package io.exceed.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The selector reader the metric-name check relies on: it must find every series an expression needs. */
class PromQlTest {

    @Test
    void findsSelectorsMatchersAndGroupingLabelsButNotFunctionsOrKeywords() {
        PromQl.Reads reads = PromQl.read("""
                sum by (namespace, application) (rate(grpc_server_seconds_count{rpc_service!~"grpc\\\\..+", \
                grpc_status_code=~"UNAVAILABLE|INTERNAL"}[5m])) / ignoring(code) group_left \
                max_over_time(resilience4j_circuitbreaker_state{state="closed"}[3m:1m]) > 14.4 * 0.005 \
                and on (pod) up offset 5m unless topk(10, jvm_info) or {__name__="process_cpu_usage"}""");
        assertThat(reads.selectors()).extracting(PromQl.Selector::metric).containsExactly(
                "grpc_server_seconds_count", "resilience4j_circuitbreaker_state", "up", "jvm_info", "process_cpu_usage");
        assertThat(reads.selectors().getFirst().matchers()).containsExactly(
                new PromQl.Matcher("rpc_service", "!~", "grpc\\..+"),
                new PromQl.Matcher("grpc_status_code", "=~", "UNAVAILABLE|INTERNAL"));
        assertThat(reads.selectors().getLast().matchers()).as("__name__ names the metric").isEmpty();
        assertThat(reads.groupingLabels()).containsExactlyInAnyOrder("namespace", "application", "code", "pod");
    }

    @Test
    void grafanaVariablesMarkTheirMatchersAsTemplated() {
        PromQl.Reads reads = PromQl.read("""
                sum by (pod) (rate(jvm_gc_pause_seconds_sum{application="gateway", namespace="$namespace", \
                pod=~"${pod}"}[$__rate_interval]))""");
        assertThat(reads.selectors()).hasSize(1);
        List<PromQl.Matcher> matchers = reads.selectors().getFirst().matchers();
        assertThat(matchers).filteredOn(PromQl.Matcher::templated).extracting(PromQl.Matcher::label)
                .containsExactly("namespace", "pod");
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> PromQl.read("rate(x{a=b}[5m])")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> PromQl.read("x{a=\"1\"} ; y")).isInstanceOf(IllegalArgumentException.class);
    }
}
