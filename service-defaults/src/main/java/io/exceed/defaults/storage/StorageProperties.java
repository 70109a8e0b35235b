package io.exceed.defaults.storage;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a service keeps its data.
 *
 * @param uri             a MongoDB connection string ({@code MONGODB_URI}); blank starts the embedded store
 * @param database        the service's own database
 * @param dataDir         where the embedded store keeps its files, so data survives a restart
 * @param exactKeyIndexes whether to create the embedded store's exact-key indexes; unset means only when the
 *                        service starts the embedded store itself. Set it when {@code uri} points at an embedded
 *                        store hosted elsewhere (e.g. one shared by replicas in the benchmark)
 * @param durability      what the embedded store has done with a write before it acknowledges it
 *                        ({@code EXCEED_STORAGE_DURABILITY}); written to its file unless set
 * @param timeouts        how long the driver waits for the store before a call fails instead of hanging
 */
@ConfigurationProperties("exceed.storage")
public record StorageProperties(String uri, String database, Path dataDir, @Nullable Boolean exactKeyIndexes,
        @DefaultValue("written") Durability durability, @DefaultValue Timeouts timeouts) {

    /**
     * @param connect         opening a connection
     * @param serverSelection finding a store to talk to (none reachable: the call fails after this long)
     * @param operation       one operation, cursor iteration included (a store that accepts but never answers)
     */
    public record Timeouts(@DefaultValue("5s") Duration connect, @DefaultValue("5s") Duration serverSelection,
            @DefaultValue("60s") Duration operation) {
    }

    public boolean embedded() {
        return uri == null || uri.isBlank();
    }

    /** Whether the store is an embedded one that needs {@link ExactKeyIndexes}. */
    public boolean needsExactKeyIndexes() {
        return exactKeyIndexes != null ? exactKeyIndexes : embedded();
    }
}
