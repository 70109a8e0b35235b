package io.exceed.defaults.storage;

import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import com.mongodb.client.MongoDatabase;

/** The service is healthy only while its database answers; gRPC health follows this indicator. */
public class StoreHealthIndicator implements HealthIndicator {

    /** Well inside the probes' timeouts, so an unreachable store reads as DOWN rather than a hung check. */
    private static final long PING_TIMEOUT_SECONDS = 2;

    private final MongoDatabase database;

    public StoreHealthIndicator(MongoDatabase database) {
        this.database = database.withTimeout(PING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public Health health() {
        try {
            database.runCommand(new Document("ping", 1));
            return Health.up().withDetail("database", database.getName()).build();
        } catch (RuntimeException e) {
            return Health.down(e).withDetail("database", database.getName()).build();
        }
    }
}
