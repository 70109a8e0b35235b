package io.exceed.defaults.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.health.contributor.Status;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.netty.channel.Channel;

/**
 * A store that is unreachable, or that accepts connections and then stops answering, makes calls fail within the
 * configured timeouts and the health indicator report DOWN, instead of hanging the caller. Loopback only.
 */
class StoreTimeoutsTest {

    private static final Map<String, String> SHORT = Map.of("exceed.storage.database", "timeouts",
            "exceed.storage.timeouts.connect", "2s", "exceed.storage.timeouts.server-selection", "2s",
            "exceed.storage.timeouts.operation", "2s");

    private static StorageProperties properties() {
        return new Binder(new MapConfigurationPropertySource(SHORT)).bindOrCreate("exceed.storage",
                StorageProperties.class);
    }

    @Test
    void theTimeoutsHaveSaneDefaults() {
        StorageProperties.Timeouts defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("exceed.storage", StorageProperties.class).timeouts();
        assertThat(defaults.connect()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.serverSelection()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.operation()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aStoreThatAcceptsConnectionsButNeverAnswersIsAnErrorAndDownNotAHang() throws IOException {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            try (MongoClient client = MongoClients.create(StorageConfiguration.settings(
                    "mongodb://127.0.0.1:" + silent.getLocalPort(), properties()).build())) {
                MongoDatabase database = client.getDatabase("timeouts");
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                    assertThatThrownBy(() -> database.runCommand(new Document("ping", 1)))
                            .isInstanceOf(MongoException.class);
                    assertThat(new StoreHealthIndicator(database).health().getStatus()).isEqualTo(Status.DOWN);
                });
            }
            acceptor.interrupt();
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void anOperationTheStoreStopsAnsweringFailsWithinTheOperationTimeout() throws InterruptedException {
        CountDownLatch stalled = new CountDownLatch(1);
        MongoServer store = new MongoServer(new MemoryBackend() {
            @Override
            public de.bwaldvogel.mongo.bson.Document handleCommand(Channel channel, String database, String command,
                    de.bwaldvogel.mongo.bson.Document query) {
                if (command.equals("find")) {
                    try {
                        stalled.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.handleCommand(channel, database, command, query);
            }
        });
        String uri = store.bindAndGetConnectionString();
        // Set up and connected without the short timeout, so only the stalled read is judged by it.
        try (MongoClient setUp = MongoClients.create(uri)) {
            setUp.getDatabase("timeouts").getCollection("things").insertOne(new Document("_id", 1));
        }
        try (MongoClient client = MongoClients.create(StorageConfiguration.settings(uri, properties()).build())) {
            MongoDatabase database = client.getDatabase("timeouts");
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() ->
                    database.getCollection("things").find().first()).isInstanceOf(MongoException.class));
        } finally {
            stalled.countDown();
            store.shutdownNow();
        }
    }
}
