package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import io.exceed.gateway.auth.ApiKey;
import io.exceed.gateway.auth.ApiKeyAuthenticator;
import io.exceed.gateway.auth.ApiKeys;
import io.exceed.gateway.auth.Scope;
import io.exceed.gateway.local.DevelopmentKey;

/** The local run's development key: issued once, kept beside the data, replaced when the data no longer knows it. */
class DevelopmentKeyTest extends GatewayTestBase {

    @Autowired
    private ApiKeys apiKeys;

    @Autowired
    private ApiKeyAuthenticator authenticator;

    @Test
    void theKeyIsIssuedOnceKeptPrivateAndWorksForTheDevelopmentTenant(@TempDir Path dataDir) throws IOException {
        Path keyFile = dataDir.resolve("dev-api-key");
        DevelopmentKey developmentKey = new DevelopmentKey(apiKeys, authenticator, keyFile);

        String key = developmentKey.ensure();

        assertThat(Files.readString(keyFile).strip()).isEqualTo(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        ApiKey known = authenticator.authenticate("Bearer " + key).block();
        assertThat(known.tenant()).isEqualTo(DevelopmentKey.TENANT);
        assertThat(known.scopes()).containsExactly(Scope.ADMIN);
        assertThat(new DevelopmentKey(apiKeys, authenticator, keyFile).ensure()).as("a restart keeps it").isEqualTo(key);
        withKey(key).get().uri("/v1/customers/c-1").exchange().expectStatus().isOk();
    }

    @Test
    void aKeptKeyTheStoreDoesNotKnowIsReplaced(@TempDir Path dataDir) throws IOException {
        Path keyFile = dataDir.resolve("dev-api-key");
        Files.writeString(keyFile, "exk_" + "A".repeat(43) + "\n");

        String key = new DevelopmentKey(apiKeys, authenticator, keyFile).ensure();

        assertThat(key).isNotEqualTo("exk_" + "A".repeat(43));
        assertThat(authenticator.authenticate("Bearer " + key).block()).isNotNull();
        assertThat(Files.readString(keyFile).strip()).isEqualTo(key);
    }
}
