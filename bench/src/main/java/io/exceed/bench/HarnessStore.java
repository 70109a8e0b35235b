package io.exceed.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The embedded store the services start when MONGODB_URI is unset (mongo-java-server on an H2 file, reached over a
 * socket by the official driver), hosted in the harness's process instead. Used for the store floor, and shared by
 * the followup-service replicas: a service's own embedded store is not reachable from another process.
 */
final class HarnessStore implements AutoCloseable {

    private final MongoServer server;
    private final String uri;

    HarnessStore(Path dataDir, String name) throws IOException {
        Files.createDirectories(dataDir);
        server = new MongoServer(new H2Backend(dataDir.resolve(name + ".mv").toString()));
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        InetSocketAddress address = server.getLocalAddress();
        uri = "mongodb://127.0.0.1:" + address.getPort();
    }

    String uri() {
        return uri;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
