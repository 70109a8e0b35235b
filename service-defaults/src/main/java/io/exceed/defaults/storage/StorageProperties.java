package io.exceed.defaults.storage;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where a service keeps its data.
 *
 * @param uri      a MongoDB connection string ({@code MONGODB_URI}); blank starts the embedded store
 * @param database the service's own database
 * @param dataDir  where the embedded store keeps its files, so data survives a restart
 */
@ConfigurationProperties("exceed.storage")
public record StorageProperties(String uri, String database, Path dataDir) {

    public boolean embedded() {
        return uri == null || uri.isBlank();
    }
}
