package io.exceed.defaults.storage;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.jspecify.annotations.Nullable;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

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
        return properties.embedded() ? new EmbeddedMongoServer(properties.dataDir(), properties.database()) : null;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    MongoClient mongoClient(StorageProperties properties, @Nullable EmbeddedMongoServer embedded) {
        String uri = embedded != null ? embedded.connectionString() : properties.uri();
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applicationName(properties.database())
                .build());
    }

    @Bean
    MongoDatabase mongoDatabase(MongoClient client, StorageProperties properties) {
        return client.getDatabase(properties.database());
    }

    @Bean
    ExactKeyIndexes exactKeyIndexes(StorageProperties properties) {
        return new ExactKeyIndexes(properties.needsExactKeyIndexes());
    }

    @Bean("store")
    StoreHealthIndicator storeHealthIndicator(MongoDatabase database) {
        return new StoreHealthIndicator(database);
    }
}
