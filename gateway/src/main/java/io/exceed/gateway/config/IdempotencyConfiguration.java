package io.exceed.gateway.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.gateway.idempotency.IdempotencyKeys;
import io.exceed.gateway.idempotency.IdempotencyRecordCounts;
import io.exceed.gateway.idempotency.IdempotencyRecordPurge;
import io.exceed.gateway.idempotency.IdempotencyRecordStore;

/** Idempotency-Key records in the gateway's database, and the periodic purge of expired ones. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class IdempotencyConfiguration {

    @Bean
    IdempotencyRecordStore idempotencyRecordStore(MongoDatabase database, ExactKeyIndexes exactKeyIndexes) {
        return new IdempotencyRecordStore(database, exactKeyIndexes);
    }

    @Bean
    IdempotencyRecordCounts idempotencyRecordCounts(RestProperties rest) {
        return new IdempotencyRecordCounts(rest.idempotency().maxRecordsPerTenant());
    }

    @Bean
    IdempotencyKeys idempotencyKeys(IdempotencyRecordStore store, IdempotencyRecordCounts counts, Clock clock,
            RestProperties rest, GatewayProperties gateway) {
        return new IdempotencyKeys(store, counts, clock, rest.idempotency().ttl(), gateway.deadline());
    }

    @Bean
    IdempotencyRecordPurge idempotencyRecordPurge(IdempotencyRecordStore store, IdempotencyRecordCounts counts,
            Clock clock, RestProperties rest) {
        return new IdempotencyRecordPurge(store, counts, clock, rest.idempotency().purgeBatchSize());
    }
}
