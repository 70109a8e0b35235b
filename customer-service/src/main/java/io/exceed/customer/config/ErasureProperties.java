package io.exceed.customer.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How erasures the other services could not complete at once are retried ({@code exceed.customer.erasure.*}).
 *
 * @param retryInterval how often each replica looks for pending parts that are due
 * @param lease         how long a replica holds an erasure it retries; another takes it over after that
 * @param batch         erasures leased per run
 * @param firstBackoff  wait after a part's first failure; it doubles per failure
 * @param maxBackoff    the longest wait between attempts
 */
@ConfigurationProperties("exceed.customer.erasure")
public record ErasureProperties(@DefaultValue("5s") Duration retryInterval, @DefaultValue("1m") Duration lease,
        @DefaultValue("50") int batch, @DefaultValue("5s") Duration firstBackoff,
        @DefaultValue("10m") Duration maxBackoff) {
}
