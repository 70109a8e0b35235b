package io.exceed.followup.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.exceed.followup.domain.followup.FollowUpStore;
import io.exceed.followup.domain.ledger.Ledger;
import io.exceed.followup.domain.ledger.PromiseLedger;

/** The promise ledger, computed over the follow-ups the store reads for a window. */
@Configuration(proxyBeanMethods = false)
public class LedgerConfiguration {

    @Bean
    Ledger ledger(FollowUpStore store, FollowUpProperties properties, Clock clock) {
        return new Ledger(store, new PromiseLedger(properties.ledger().beatTolerance()), clock);
    }
}
