package io.exceed.defaults.storage;

import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import com.mongodb.client.MongoDatabase;

/** The service is healthy only while its database answers; gRPC health follows this indicator. */
public class StoreHealthIndicator implements HealthIndicator {

    private final MongoDatabase database;

    public StoreHealthIndicator(MongoDatabase database) {
        this.database = database;
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
