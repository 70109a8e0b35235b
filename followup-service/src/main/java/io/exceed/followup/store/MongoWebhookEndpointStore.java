package io.exceed.followup.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.secrets.SecretCipher;
import io.exceed.defaults.storage.IdPages;
import io.exceed.eventing.IdempotentInsert;
import io.exceed.eventing.Revisions;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.event.FollowUpEventType;
import io.exceed.followup.domain.webhook.EndpointState;
import io.exceed.followup.domain.webhook.SigningSecret;
import io.exceed.followup.domain.webhook.WebhookEndpoint;
import io.exceed.followup.domain.webhook.WebhookEndpointStore;
import io.exceed.followup.domain.webhook.WebhookSecret;

/**
 * Endpoints in {@value FollowUpCollections#WEBHOOK_ENDPOINTS}; secrets only ever stored encrypted, each bound to
 * its tenant and endpoint (see {@link SecretCipher}).
 */
public class MongoWebhookEndpointStore implements WebhookEndpointStore {

    private static final String FAILING_SINCE = "failingSince";
    private static final String SECRETS = "secrets";
    private static final String SECRET_VALUE = "value";

    private final MongoCollection<Document> endpoints;
    /** Signing secrets, each bound to its endpoint. */
    public static final SecretCipher.Subject SIGNING_SECRETS = new SecretCipher.Subject("webhook secret", "endpoint");

    private final SecretCipher cipher;

    public MongoWebhookEndpointStore(MongoDatabase database, SecretCipher cipher) {
        this.endpoints = database.getCollection(FollowUpCollections.WEBHOOK_ENDPOINTS);
        this.cipher = cipher;
    }

    @Override
    public WebhookEndpoint insert(TenantId tenant, WebhookEndpoint endpoint, Optional<String> requestId) {
        return IdempotentInsert.insert(endpoints, tenant, toDocument(tenant, endpoint)
                .append(TenantScope.TENANT_FIELD, tenant.value())
                .append(Revisions.APPLIED_REQUESTS, List.of()), requestId, document -> fromDocument(tenant, document));
    }

    @Override
    public Optional<WebhookEndpoint> find(TenantId tenant, String id) {
        return Optional.ofNullable(endpoints.find(TenantScope.filter(tenant, Filters.eq("_id", id))).first())
                .map(document -> fromDocument(tenant, document));
    }

    @Override
    public Optional<WebhookEndpoint> createdBy(TenantId tenant, String requestId) {
        return Optional.ofNullable(endpoints.find(TenantScope.filter(tenant, Filters.eq(IdempotentInsert.REQUEST_KEY,
                IdempotentInsert.key(null, Optional.of(requestId))))).first())
                .map(document -> fromDocument(tenant, document));
    }

    @Override
    public long count(TenantId tenant) {
        return endpoints.countDocuments(TenantScope.filter(tenant));
    }

    @Override
    public Page<WebhookEndpoint> list(TenantId tenant, Optional<String> afterId, int limit) {
        return IdPages.page(endpoints, tenant, List.of(), afterId, limit, document -> fromDocument(tenant, document),
                WebhookEndpoint::id);
    }

    @Override
    public List<WebhookEndpoint> enabled(TenantId tenant) {
        List<WebhookEndpoint> enabled = new ArrayList<>();
        endpoints.find(TenantScope.filter(tenant, Filters.eq("state", EndpointState.ENABLED.name())))
                .forEach(document -> enabled.add(fromDocument(tenant, document)));
        return enabled;
    }

    /** Endpoints in {@code state}, every tenant's: few (each tenant has a capped number), so counting them is cheap. */
    public long countInState(EndpointState state) {
        return endpoints.countDocuments(Filters.eq("state", state.name()));
    }

    @Override
    public boolean hasApplied(TenantId tenant, String id, String requestId) {
        return Revisions.hasApplied(endpoints, tenant, id, requestId);
    }

    @Override
    public boolean replace(TenantId tenant, WebhookEndpoint updated, long previousRevision,
            Optional<String> requestId) {
        return Revisions.replace(endpoints, tenant, toDocument(tenant, updated), previousRevision, requestId);
    }

    @Override
    public boolean delete(TenantId tenant, String id) {
        return endpoints.deleteOne(TenantScope.filter(tenant, Filters.eq("_id", id))).getDeletedCount() == 1;
    }

    @Override
    public void markSucceeded(TenantId tenant, String id) {
        endpoints.updateOne(TenantScope.filter(tenant, Filters.eq("_id", id), Filters.ne(FAILING_SINCE, null)),
                Updates.unset(FAILING_SINCE));
    }

    @Override
    public boolean markFailed(TenantId tenant, String id, Instant now, Duration failurePeriod) {
        endpoints.updateOne(TenantScope.filter(tenant, Filters.eq("_id", id), Filters.eq(FAILING_SINCE, null)),
                Updates.set(FAILING_SINCE, Times.toDate(now)));
        endpoints.updateOne(TenantScope.filter(tenant, Filters.eq("_id", id),
                Filters.eq("state", EndpointState.ENABLED.name()),
                Filters.lte(FAILING_SINCE, Times.toDate(now.minus(failurePeriod)))),
                Updates.combine(Updates.set("state", EndpointState.DISABLED_FAILING.name()),
                        Updates.set("disabledReason", "every delivery attempt failed for " + failurePeriod.toHours()
                                + " hours or more"),
                        Updates.inc("revision", 1L), Updates.set("updateTime", Times.toDate(now))));
        Document stored = endpoints.find(TenantScope.filter(tenant, Filters.eq("_id", id))).first();
        return stored == null || !EndpointState.ENABLED.name().equals(stored.getString("state"));
    }

    /**
     * What a re-encryption pass did.
     *
     * @param reEncrypted the endpoints whose secrets it re-encrypted
     * @param unreadable  the endpoints ({@code tenant/id}) with a secret no configured key decrypts
     */
    public record ReEncryption(int reEncrypted, List<String> unreadable) {
    }

    /**
     * Re-encrypts under the current key, bound to their endpoint, the secrets stored otherwise: under a previous
     * key, or in the format from before secrets were bound. An endpoint is written only if its secrets are still
     * exactly as read (compare-and-set), so replicas running passes at once, or a rotation landing meanwhile,
     * never lose a secret: whichever writes first wins, and the other's write is skipped. Every endpoint is read:
     * there are few per tenant, and which key a value is under is the cipher's business, not a query's.
     */
    public ReEncryption reEncryptSecrets() {
        int reEncrypted = 0;
        List<String> unreadable = new ArrayList<>();
        for (Document document : endpoints.find()
                .projection(Projections.include(TenantScope.TENANT_FIELD, SECRETS))) {
            List<Document> stored = document.getList(SECRETS, Document.class);
            if (stored.stream().allMatch(secret -> cipher.isCurrent(secret.getString(SECRET_VALUE)))) {
                continue;
            }
            TenantId tenant = new TenantId(document.getString(TenantScope.TENANT_FIELD));
            String id = document.getString("_id");
            List<Document> current;
            try {
                current = stored.stream().map(secret -> cipher.isCurrent(secret.getString(SECRET_VALUE)) ? secret
                        : new Document(secret).append(SECRET_VALUE, cipher.encrypt(tenant, id,
                                cipher.decrypt(tenant, id, secret.getString(SECRET_VALUE))))).toList();
            } catch (IllegalStateException undecryptable) {
                unreadable.add(tenant.value() + "/" + id);
                continue;
            }
            if (endpoints.updateOne(TenantScope.filter(tenant, Filters.eq("_id", id), Filters.eq(SECRETS, stored)),
                    Updates.set(SECRETS, current)).getModifiedCount() == 1) {
                reEncrypted++;
            }
        }
        return new ReEncryption(reEncrypted, List.copyOf(unreadable));
    }

    private Document toDocument(TenantId tenant, WebhookEndpoint endpoint) {
        return new Document("_id", endpoint.id())
                .append("url", endpoint.url())
                .append("description", endpoint.description())
                .append("eventTypes", endpoint.eventTypes().stream().map(Enum::name).sorted().toList())
                .append("state", endpoint.state().name())
                .append("disabledReason", endpoint.disabledReason())
                .append(FAILING_SINCE, Times.toDate(endpoint.failingSince()))
                .append(SECRETS, endpoint.secrets().stream().map(secret -> new Document("id", secret.id())
                        .append(SECRET_VALUE, cipher.encrypt(tenant, endpoint.id(), secret.secret().key()))
                        .append("createTime", Times.toDate(secret.createTime()))
                        .append("expireTime", Times.toDate(secret.expireTime()))).toList())
                .append("revision", endpoint.revision())
                .append("createTime", Times.toDate(endpoint.createTime()))
                .append("updateTime", Times.toDate(endpoint.updateTime()));
    }

    private WebhookEndpoint fromDocument(TenantId tenant, Document document) {
        String id = document.getString("_id");
        EnumSet<FollowUpEventType> types = EnumSet.noneOf(FollowUpEventType.class);
        document.getList("eventTypes", String.class).forEach(type -> types.add(FollowUpEventType.valueOf(type)));
        return WebhookEndpoint.builder()
                .id(id)
                .url(document.getString("url"))
                .description(document.getString("description"))
                .eventTypes(types)
                .state(EndpointState.valueOf(document.getString("state")))
                .disabledReason(document.getString("disabledReason"))
                .failingSince(Times.toInstant(document.getDate(FAILING_SINCE)))
                .secrets(document.getList(SECRETS, Document.class).stream().map(secret -> new SigningSecret(
                        secret.getString("id"),
                        new WebhookSecret(cipher.decrypt(tenant, id, secret.getString(SECRET_VALUE))),
                        Times.toInstant(secret.getDate("createTime")),
                        Times.toInstant(secret.getDate("expireTime")))).toList())
                .revision(document.getLong("revision"))
                .createTime(Times.toInstant(document.getDate("createTime")))
                .updateTime(Times.toInstant(document.getDate("updateTime")))
                .build();
    }
}
