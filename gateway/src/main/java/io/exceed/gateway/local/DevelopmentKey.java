package io.exceed.gateway.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.auth.ApiKeyAuthenticator;
import io.exceed.gateway.auth.ApiKeys;
import io.exceed.gateway.auth.Scope;

/**
 * For a local run only (the {@code local} profile, which {@code bin/run-local} sets): a development tenant with an
 * {@code admin} API key, issued once and kept in the data directory beside the data it opens, so a restart prints
 * the same key. A key file whose key the store no longer knows (the data was wiped) is replaced.
 */
public final class DevelopmentKey {

    public static final TenantId TENANT = new TenantId("dev");
    private static final Logger log = LoggerFactory.getLogger(DevelopmentKey.class);

    private final ApiKeys apiKeys;
    private final ApiKeyAuthenticator authenticator;
    private final Path keyFile;

    public DevelopmentKey(ApiKeys apiKeys, ApiKeyAuthenticator authenticator, Path keyFile) {
        this.apiKeys = apiKeys;
        this.authenticator = authenticator;
        this.keyFile = keyFile;
    }

    /** The development key, issued now unless the key file holds one the store still knows. */
    public String ensure() {
        if (Files.isRegularFile(keyFile)) {
            String kept = read().strip();
            try {
                if (authenticator.authenticate("Bearer " + kept).block() != null) {
                    return kept;
                }
            } catch (RuntimeException unknown) {
                log.info("the development key in {} is not known to this store; issuing a new one", keyFile);
            }
        }
        String key = apiKeys.issue(TENANT, "local development", Set.of(Scope.ADMIN)).key();
        write(key);
        return key;
    }

    private String read() {
        try {
            return Files.readString(keyFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String key) {
        try {
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            Files.deleteIfExists(keyFile);
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
