package io.exceed.defaults.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class StoragePropertiesTest {

    @Test
    void exactKeyIndexesFollowTheEmbeddedStoreUnlessSet() {
        assertThat(bind(Map.of()).needsExactKeyIndexes()).isTrue();
        assertThat(bind(Map.of("exceed.storage.uri", "mongodb://db:27017")).needsExactKeyIndexes()).isFalse();
    }

    @Test
    void exactKeyIndexesOnAStoreHostedElsewhereWhenAsked() {
        assertThat(bind(Map.of("exceed.storage.uri", "mongodb://127.0.0.1:27017",
                "exceed.storage.exact-key-indexes", "true")).needsExactKeyIndexes()).isTrue();
        assertThat(bind(Map.of("exceed.storage.exact-key-indexes", "false")).needsExactKeyIndexes()).isFalse();
    }

    @Test
    void theEmbeddedStoreWritesBeforeItAcknowledgesUnlessToldOtherwise() {
        assertThat(bind(Map.of()).durability()).isEqualTo(Durability.WRITTEN);
        assertThat(bind(Map.of("exceed.storage.durability", "deferred")).durability()).isEqualTo(Durability.DEFERRED);
    }

    private static StorageProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("exceed.storage", StorageProperties.class);
    }
}
