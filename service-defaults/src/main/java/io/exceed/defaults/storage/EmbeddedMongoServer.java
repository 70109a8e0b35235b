package io.exceed.defaults.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoServer;

/**
 * A MongoDB wire-protocol server inside the service's process, backed by an H2 file, for machines
 * without MongoDB. The service still talks to it through the official driver over a socket, exactly
 * as it talks to MongoDB. It lacks transactions and TTL; the stores are written for what both support. Its
 * secondary indexes answer equality and range queries on their leading fields, as MongoDB's do; they are kept in
 * memory and rebuilt from the documents at start ({@link IndexedH2Database}). What a write has become by the time it is acknowledged is its {@link Durability}.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    private final MongoServer server;
    private final String connectionString;

    public EmbeddedMongoServer(Path dataDir, String database) {
        this(dataDir, database, Durability.WRITTEN);
    }

    public EmbeddedMongoServer(Path dataDir, String database, Durability durability) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        Path file = dataDir.resolve(database + ".mv");
        this.server = new MongoServer(new CommittingH2Backend(file, durability));
        this.connectionString = server.bindAndGetConnectionString();
        log.info("embedded store listening at {}, data in {}, writes {}", connectionString, file.toAbsolutePath(),
                durability.name().toLowerCase(Locale.ROOT));
    }

    public String connectionString() {
        return connectionString;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
