package io.exceed.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarApplicationTest {

    /**
     * Ports handed out lie below the ephemeral range, where no outgoing connection's source port nor a bind to port 0
     * can take them before the application listens, and are never handed out twice.
     */
    @Test
    void freePortsAreBelowTheEphemeralRangeAndDistinct() throws IOException {
        int ephemeralFrom = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0)
                .trim().split("\\s+")[0]);
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = JarApplication.freePort();
            assertThat(port).isBetween(10_000, ephemeralFrom - 1);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket listener = new ServerSocket()) {
                listener.bind(new InetSocketAddress(port));
            }
        }
    }

    @TempDir
    Path root;

    @Test
    void aModuleWithoutAPackagedJarIsNamed() throws IOException {
        assertThatThrownBy(() -> new JarApplication(root, "customer-service", "customer-service", root))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(root.resolve("customer-service").resolve("target").toString());
        Files.createDirectories(root.resolve("customer-service").resolve("target"));
        Files.writeString(root.resolve("customer-service").resolve("target").resolve("customer-service-1-plain.jar"),
                "");
        assertThatThrownBy(() -> new JarApplication(root, "customer-service", "customer-service", root))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no customer-service jar");
    }

    @Test
    void anApplicationThatExitsIsNotAwaitedUntilTheTimeout() throws Exception {
        Path target = Files.createDirectories(root.resolve("gateway").resolve("target"));
        Files.writeString(target.resolve("gateway-1.jar"), "not a jar");
        JarApplication gateway = new JarApplication(root, "gateway", "gateway-a", root.resolve("logs"));
        assertThat(gateway.port()).isNotEqualTo(gateway.managementPort());
        gateway.start();
        assertThatThrownBy(() -> gateway.awaitReady(Duration.ofMinutes(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway-a exited with")
                .hasMessageContaining(root.resolve("logs").resolve("gateway-a.log").toString());
        assertThat(Files.readString(root.resolve("logs").resolve("gateway-a.log"))).isNotEmpty();
        assertThat(gateway.startToReadySeconds()).isEqualTo(-1);
    }
}
