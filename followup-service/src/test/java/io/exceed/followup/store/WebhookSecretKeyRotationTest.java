package io.exceed.followup.store;

import io.exceed.defaults.secrets.SecretCipher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.FollowUpServiceTestBase;
import io.exceed.followup.domain.webhook.WebhookEndpoint;
import io.exceed.followup.domain.webhook.WebhookSecret;

/**
 * Rotating the key that encrypts webhook secrets, through the store and the real driver. Each test has a
 * database of its own on the service's store, so the service's own passes (under the test key) never see these
 * endpoints and a pass here sees nothing else.
 */
class WebhookSecretKeyRotationTest extends FollowUpServiceTestBase {

    private static final String OLD_KEY = SecretCipher.generateKey();
    private static final String NEW_KEY = SecretCipher.generateKey();

    @Autowired
    private MongoClient client;

    @Autowired
    private ExactKeyIndexes indexes;

    private MongoDatabase database;
    private MongoCollection<Document> collection;

    @BeforeEach
    void freshDatabase() {
        database = client.getDatabase("followup-key-rotation-" + UUID.randomUUID());
        collection = database.getCollection(FollowUpCollections.WEBHOOK_ENDPOINTS);
        FollowUpCollections.createIndexes(database, indexes);
    }

    private MongoWebhookEndpointStore store(String currentKey, String... previousKeys) {
        return new MongoWebhookEndpointStore(database, new SecretCipher(MongoWebhookEndpointStore.SIGNING_SECRETS, currentKey, List.of(previousKeys)));
    }

    private WebhookEndpoint insert(MongoWebhookEndpointStore store, TenantId tenant) {
        return store.insert(tenant, WebhookEndpoint.create("https://hooks.example.com/" + tenant, "CRM", Set.of(),
                WebhookSecret.generate(), clock.instant()), Optional.empty());
    }

    /** As an endpoint stored before secrets were bound and keys rotated: its secret in the old format. */
    private WebhookEndpoint insertLegacy(MongoWebhookEndpointStore store, TenantId tenant) throws Exception {
        WebhookEndpoint endpoint = insert(store, tenant);
        collection.updateOne(Filters.eq("_id", endpoint.id()), Updates.set("secrets.0.value",
                SecretCipherTest.legacyEncrypt(OLD_KEY, endpoint.currentSecret().secret().key())));
        return endpoint;
    }

    private List<String> storedValues() {
        List<String> values = new ArrayList<>();
        collection.find().forEach(document -> document.getList("secrets", Document.class)
                .forEach(secret -> values.add(secret.getString("value"))));
        return values;
    }

    @Test
    void afterARotationEverySecretIsReEncryptedAndTheOldKeyCanGo() throws Exception {
        TenantId tenant = new TenantId(newTenant());
        MongoWebhookEndpointStore before = store(OLD_KEY);
        WebhookEndpoint rotated = before.find(tenant, insert(before, tenant).id()).orElseThrow();
        rotated = rotated.rotate(WebhookSecret.generate(), Duration.ofHours(24), clock.instant());
        assertThat(before.replace(tenant, rotated, 0, Optional.empty())).isTrue();
        WebhookEndpoint legacy = insertLegacy(before, tenant);
        WebhookEndpoint rotatedAsStored = before.find(tenant, rotated.id()).orElseThrow();
        WebhookEndpoint legacyAsStored = before.find(tenant, legacy.id()).orElseThrow();

        MongoWebhookEndpointStore during = store(NEW_KEY, OLD_KEY);
        assertThat(during.find(tenant, rotated.id())).contains(rotatedAsStored);
        assertThat(during.find(tenant, legacy.id())).contains(legacyAsStored);
        MongoWebhookEndpointStore.ReEncryption pass = during.reEncryptSecrets();

        assertThat(pass.reEncrypted()).isEqualTo(2);
        assertThat(pass.unreadable()).isEmpty();
        String newKeyId = new SecretCipher(MongoWebhookEndpointStore.SIGNING_SECRETS, NEW_KEY, List.of()).currentKeyId();
        assertThat(storedValues()).hasSize(3).allSatisfy(value -> assertThat(value).startsWith("v2:" + newKeyId + ":"));
        assertThat(during.reEncryptSecrets().reEncrypted()).as("nothing left for a second pass").isZero();

        MongoWebhookEndpointStore after = store(NEW_KEY);
        assertThat(after.find(tenant, rotated.id())).as("secrets and revision unchanged").contains(rotatedAsStored);
        assertThat(after.find(tenant, legacy.id())).contains(legacyAsStored);
        assertThatThrownBy(() -> before.find(tenant, legacy.id())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void whatIsWrittenDuringARotationIsUnderTheNewKey() {
        TenantId tenant = new TenantId(newTenant());
        MongoWebhookEndpointStore during = store(NEW_KEY, OLD_KEY);

        WebhookEndpoint created = insert(during, tenant);

        assertThat(store(NEW_KEY).find(tenant, created.id())).contains(created);
        assertThat(during.reEncryptSecrets().reEncrypted()).isZero();
    }

    @Test
    void aSecretCopiedOntoAnotherEndpointOrTenantDoesNotDecrypt() {
        TenantId tenant = new TenantId(newTenant());
        TenantId other = new TenantId(newTenant());
        MongoWebhookEndpointStore store = store(OLD_KEY);
        WebhookEndpoint source = insert(store, tenant);
        WebhookEndpoint sameTenant = insert(store, tenant);
        WebhookEndpoint otherTenant = insert(store, other);
        String copied = collection.find(Filters.eq("_id", source.id())).first()
                .getList("secrets", Document.class).getFirst().getString("value");
        for (WebhookEndpoint target : List.of(sameTenant, otherTenant)) {
            collection.updateOne(Filters.eq("_id", target.id()), Updates.set("secrets.0.value", copied));
        }

        assertThatThrownBy(() -> store.find(tenant, sameTenant.id())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("copied from another endpoint");
        assertThatThrownBy(() -> store.find(other, otherTenant.id())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("copied from another endpoint");
        assertThat(store.find(tenant, source.id())).isPresent();
        MongoWebhookEndpointStore.ReEncryption pass = store(NEW_KEY, OLD_KEY).reEncryptSecrets();
        assertThat(pass.unreadable()).containsExactlyInAnyOrder(tenant + "/" + sameTenant.id(),
                other + "/" + otherTenant.id());
        assertThat(pass.reEncrypted()).isOne();
    }

    @Test
    void replicasPassingAtOnceReEncryptEachEndpointOnce() throws Exception {
        TenantId tenant = new TenantId(newTenant());
        MongoWebhookEndpointStore before = store(OLD_KEY);
        List<WebhookEndpoint> stored = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stored.add(before.find(tenant, insertLegacy(before, tenant).id()).orElseThrow());
        }
        MongoWebhookEndpointStore one = store(NEW_KEY, OLD_KEY);
        MongoWebhookEndpointStore two = store(NEW_KEY, OLD_KEY);

        CompletableFuture<MongoWebhookEndpointStore.ReEncryption> first =
                CompletableFuture.supplyAsync(one::reEncryptSecrets);
        CompletableFuture<MongoWebhookEndpointStore.ReEncryption> second =
                CompletableFuture.supplyAsync(two::reEncryptSecrets);

        assertThat(first.get().reEncrypted() + second.get().reEncrypted()).isEqualTo(20);
        MongoWebhookEndpointStore after = store(NEW_KEY);
        for (WebhookEndpoint endpoint : stored) {
            assertThat(after.find(tenant, endpoint.id())).contains(endpoint);
        }
    }
}
