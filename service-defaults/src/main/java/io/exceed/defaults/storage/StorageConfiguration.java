package io.exceed.defaults.storage;

import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.jspecify.annotations.Nullable;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Connects the service to its database: MongoDB when {@code MONGODB_URI} is set, otherwise an embedded
 * wire-protocol server started in process.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConfiguration {

    @Bean(destroyMethod = "close")
    @Nullable
    EmbeddedMongoServer embeddedMongoServer(StorageProperties properties) {
        return properties.embedded() ? new EmbeddedMongoServer(properties.dataDir(), properties.database(),
                properties.durability()) : null;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    MongoClient mongoClient(StorageProperties properties, @Nullable EmbeddedMongoServer embedded,
            ObjectProvider<CommandListener> listeners) {
        String uri = embedded != null ? embedded.connectionString() : properties.uri();
        MongoClientSettings.Builder settings = settings(uri, properties);
        // Command listeners declared as beans see every command the service sends (tests count store reads so).
        listeners.orderedStream().forEach(settings::addCommandListener);
        return MongoClients.create(settings.build());
    }

    /**
     * The driver's settings for the store at {@code uri}: every call is bounded (connect, server selection, the
     * operation itself), so a store that is unreachable or hung makes calls fail, and readiness go NOT_SERVING,
     * instead of holding request threads and the schedulers forever.
     */
    static MongoClientSettings.Builder settings(String uri, StorageProperties properties) {
        StorageProperties.Timeouts timeouts = properties.timeouts();
        return MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applicationName(properties.database())
                .applyToSocketSettings(socket -> socket.connectTimeout(
                        (int) timeouts.connect().toMillis(), TimeUnit.MILLISECONDS))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(
                        timeouts.serverSelection().toMillis(), TimeUnit.MILLISECONDS))
                .timeout(timeouts.operation().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Bean
    MongoDatabase mongoDatabase(MongoClient client, StorageProperties properties) {
        return client.getDatabase(properties.database());
    }

    @Bean
    ExactKeyIndexes exactKeyIndexes(StorageProperties properties) {
        return new ExactKeyIndexes(properties.needsExactKeyIndexes());
    }

    /** Runs after every bean is made, before the gRPC server starts, so no call meets a missing unique index. */
    @Bean
    SmartInitializingSingleton indexCreation(MongoDatabase database, ExactKeyIndexes indexes,
            ObjectProvider<IndexDeclarations> declarations) {
        return () -> declarations.orderedStream().forEach(declared -> declared.create(database, indexes));
    }

    @Bean("store")
    StoreHealthIndicator storeHealthIndicator(MongoDatabase database) {
        return new StoreHealthIndicator(database);
    }

    /**
     * {@code exceed.store.up}: 1 while the database answers a ping, 0 when it does not, read at each scrape, so an
     * alert can name the application whose store is down (readiness alone only takes the pod out of rotation).
     */
    @Bean
    MeterBinder storeMetrics(StoreHealthIndicator store) {
        return registry -> Gauge.builder("exceed.store.up", store,
                        indicator -> Status.UP.equals(indicator.health().getStatus()) ? 1 : 0)
                .description("Whether the application's database answers (1) or not (0)")
                .register(registry);
    }
}
