package io.exceed.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarApplicationTest {

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
