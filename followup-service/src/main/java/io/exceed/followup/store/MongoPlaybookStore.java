package io.exceed.followup.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.IdPages;
import io.exceed.eventing.IdempotentInsert;
import io.exceed.eventing.Revisions;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.followup.ContactChannel;
import io.exceed.followup.domain.followup.EscalationPolicy;
import io.exceed.followup.domain.followup.EscalationStep;
import io.exceed.followup.domain.followup.FollowUpReason;
import io.exceed.followup.domain.followup.Priority;
import io.exceed.followup.domain.playbook.Action;
import io.exceed.followup.domain.playbook.EventKind;
import io.exceed.followup.domain.playbook.Money;
import io.exceed.followup.domain.playbook.OwnerStrategy;
import io.exceed.followup.domain.playbook.Playbook;
import io.exceed.followup.domain.playbook.PlaybookDefinition;
import io.exceed.followup.domain.playbook.PlaybookFilter;
import io.exceed.followup.domain.playbook.PlaybookState;
import io.exceed.followup.domain.playbook.PlaybookStore;
import io.exceed.followup.domain.playbook.Severity;
import io.exceed.followup.domain.playbook.Trigger;

/**
 * Playbooks in {@value FollowUpCollections#PLAYBOOKS}: one document each with the latest definition and every
 * version's definition embedded, so an update is one compare-and-set on the revision. Round-robin turns are
 * counters in {@value FollowUpCollections#PLAYBOOK_TURNS}, advanced atomically so replicas share the rotation.
 */
public class MongoPlaybookStore implements PlaybookStore {

    /** Request keys of installed defaults; other keys start with "req:" or "id:", so they never collide. */
    private static final String DEFAULT_KEY = "default:";
    /** More active playbooks for one kind of event than anyone maintains by hand. */
    private static final int MAX_ACTIVE = 100;

    private final MongoCollection<Document> playbooks;
    private final MongoCollection<Document> turns;

    public MongoPlaybookStore(MongoDatabase database) {
        this.playbooks = database.getCollection(FollowUpCollections.PLAYBOOKS);
        this.turns = database.getCollection(FollowUpCollections.PLAYBOOK_TURNS);
    }

    @Override
    public Playbook insert(TenantId tenant, Playbook playbook, Optional<String> requestId) {
        return IdempotentInsert.insert(playbooks, tenant, newDocument(tenant, playbook), requestId,
                MongoPlaybookStore::fromDocument);
    }

    @Override
    public void insertDefault(TenantId tenant, String key, Playbook playbook) {
        try {
            playbooks.insertOne(newDocument(tenant, playbook).append(IdempotentInsert.REQUEST_KEY, DEFAULT_KEY + key));
        } catch (MongoException e) {
            if (!DuplicateKey.is(e)) {
                throw e;
            }
        }
    }

    private static boolean isDefault(Document document) {
        return document.getString(IdempotentInsert.REQUEST_KEY) instanceof String key && key.startsWith(DEFAULT_KEY);
    }

    @Override
    public Optional<Playbook> find(TenantId tenant, String id) {
        return Optional.ofNullable(playbooks.find(TenantScope.filter(tenant, Filters.eq("_id", id))).first())
                .map(MongoPlaybookStore::fromDocument);
    }

    @Override
    public Optional<Playbook> findVersion(TenantId tenant, String id, int version) {
        Document document = playbooks.find(TenantScope.filter(tenant, Filters.eq("_id", id))).first();
        if (document == null) {
            return Optional.empty();
        }
        return document.getList("versions", Document.class).stream()
                .filter(snapshot -> snapshot.getInteger("version") == version).findFirst()
                .map(snapshot -> new Playbook(id, version, definition(snapshot.get("definition", Document.class)),
                        PlaybookState.valueOf(document.getString("state")), document.getLong("revision"),
                        Times.toInstant(document.getDate("createTime")), Times.toInstant(snapshot.getDate("time"))));
    }

    @Override
    public boolean hasApplied(TenantId tenant, String id, String requestId) {
        return Revisions.hasApplied(playbooks, tenant, id, requestId);
    }

    @Override
    public boolean replace(TenantId tenant, Playbook updated, long previousRevision, boolean newVersion,
            Optional<String> requestId) {
        return newVersion
                ? Revisions.replace(playbooks, tenant, toDocument(updated), previousRevision, requestId,
                        Updates.push("versions", snapshot(updated)))
                : Revisions.replace(playbooks, tenant, toDocument(updated), previousRevision, requestId);
    }

    @Override
    public Page<Playbook> list(TenantId tenant, PlaybookFilter filter, Optional<String> afterId, int limit) {
        List<Bson> conditions = new ArrayList<>();
        if (filter.eventKind() != null) {
            conditions.add(Filters.eq("eventKind", filter.eventKind().name()));
        }
        if (filter.state() != null) {
            conditions.add(Filters.eq("state", filter.state().name()));
        }
        return IdPages.page(playbooks, tenant, conditions, afterId, limit, MongoPlaybookStore::fromDocument,
                Playbook::id);
    }

    @Override
    public List<Playbook> active(TenantId tenant, EventKind kind) {
        List<Playbook> own = new ArrayList<>();
        List<Playbook> defaults = new ArrayList<>();
        playbooks.find(TenantScope.filter(tenant, Filters.eq("eventKind", kind.name()),
                Filters.eq("state", PlaybookState.ACTIVE.name())))
                .sort(Sorts.ascending("_id")).limit(MAX_ACTIVE)
                .forEach(document -> (isDefault(document) ? defaults : own).add(fromDocument(document)));
        own.addAll(defaults);
        return own;
    }

    @Override
    public long takeTurn(TenantId tenant, String playbookId) {
        Bson counter = TenantScope.filter(tenant, Filters.eq("_id", turnId(tenant, playbookId)));
        FindOneAndUpdateOptions upsert = new FindOneAndUpdateOptions().upsert(true)
                .returnDocument(ReturnDocument.AFTER);
        try {
            return turns.findOneAndUpdate(counter, Updates.inc("turns", 1L), upsert).getLong("turns") - 1;
        } catch (MongoException e) {
            // Two replicas creating the counter at once: one insert wins, the other increments it.
            if (DuplicateKey.is(e)) {
                return turns.findOneAndUpdate(counter, Updates.inc("turns", 1L), upsert).getLong("turns") - 1;
            }
            throw e;
        }
    }

    @Override
    public long peekTurn(TenantId tenant, String playbookId) {
        Document counter = turns.find(TenantScope.filter(tenant, Filters.eq("_id", turnId(tenant, playbookId))))
                .first();
        return counter == null ? 0 : counter.getLong("turns");
    }

    private static String turnId(TenantId tenant, String playbookId) {
        return tenant.value() + "/" + playbookId;
    }

    private static Document newDocument(TenantId tenant, Playbook playbook) {
        return toDocument(playbook).append(TenantScope.TENANT_FIELD, tenant.value())
                .append(Revisions.APPLIED_REQUESTS, List.of())
                .append("versions", List.of(snapshot(playbook)));
    }

    private static Document snapshot(Playbook playbook) {
        return new Document("version", playbook.version())
                .append("definition", toDocument(playbook.definition()))
                .append("time", Times.toDate(playbook.updateTime()));
    }

    private static Document toDocument(Playbook playbook) {
        return new Document("_id", playbook.id())
                .append("eventKind", playbook.definition().trigger().eventKind().name())
                .append("definition", toDocument(playbook.definition()))
                .append("state", playbook.state().name())
                .append("version", playbook.version())
                .append("revision", playbook.revision())
                .append("createTime", Times.toDate(playbook.createTime()))
                .append("updateTime", Times.toDate(playbook.updateTime()));
    }

    private static Document toDocument(PlaybookDefinition definition) {
        Trigger trigger = definition.trigger();
        Action action = definition.action();
        return new Document("displayName", definition.displayName())
                .append("trigger", new Document("eventKind", trigger.eventKind().name())
                        .append("maxNpsScore", trigger.maxNpsScore())
                        .append("minSeverity", trigger.minSeverity() == null ? null : trigger.minSeverity().name())
                        .append("minOrderValue", trigger.minOrderValue() == null ? null
                                : new Document("currency", trigger.minOrderValue().currency())
                                        .append("amount", trigger.minOrderValue().amount().toPlainString())))
                .append("action", new Document("reason", action.reason().name())
                        .append("delay", action.delay().toString())
                        .append("sla", action.sla() == null ? null : action.sla().toString())
                        .append("slaBusinessDays", action.slaBusinessDays())
                        .append("channel", action.channel().name())
                        .append("priority", action.priority() == null ? null : action.priority().name())
                        .append("ownerStrategy", action.ownerStrategy().name())
                        .append("team", action.team())
                        .append("noSales", action.noSales()))
                .append("escalationPolicy", new Document("warningPercent",
                        definition.escalationPolicy().warningPercent())
                        .append("steps", definition.escalationPolicy().steps().stream()
                                .map(step -> new Document("target", step.target())
                                        .append("afterBreach", step.afterBreach().toString()))
                                .toList()))
                .append("calendar", CalendarDocuments.toDocument(definition.calendar()));
    }

    private static Playbook fromDocument(Document document) {
        return new Playbook(document.getString("_id"), document.getInteger("version"),
                definition(document.get("definition", Document.class)),
                PlaybookState.valueOf(document.getString("state")), document.getLong("revision"),
                Times.toInstant(document.getDate("createTime")), Times.toInstant(document.getDate("updateTime")));
    }

    private static PlaybookDefinition definition(Document document) {
        Document trigger = document.get("trigger", Document.class);
        Document money = trigger.get("minOrderValue", Document.class);
        Document action = document.get("action", Document.class);
        Document policy = document.get("escalationPolicy", Document.class);
        return new PlaybookDefinition(document.getString("displayName"),
                new Trigger(EventKind.valueOf(trigger.getString("eventKind")), trigger.getInteger("maxNpsScore"),
                        trigger.getString("minSeverity") == null ? null
                                : Severity.valueOf(trigger.getString("minSeverity")),
                        money == null ? null : new Money(money.getString("currency"),
                                new BigDecimal(money.getString("amount")))),
                Action.builder()
                        .reason(FollowUpReason.valueOf(action.getString("reason")))
                        .delay(Duration.parse(action.getString("delay")))
                        .sla(action.getString("sla") == null ? null : Duration.parse(action.getString("sla")))
                        .slaBusinessDays(action.getInteger("slaBusinessDays", 0))
                        .channel(ContactChannel.valueOf(action.getString("channel")))
                        .priority(action.getString("priority") == null ? null
                                : Priority.valueOf(action.getString("priority")))
                        .ownerStrategy(OwnerStrategy.valueOf(action.getString("ownerStrategy")))
                        .team(action.getList("team", String.class))
                        .noSales(action.getBoolean("noSales", false))
                        .build(),
                new EscalationPolicy(policy.getInteger("warningPercent"),
                        policy.getList("steps", Document.class).stream()
                                .map(step -> new EscalationStep(step.getString("target"),
                                        Duration.parse(step.getString("afterBreach"))))
                                .toList()),
                CalendarDocuments.fromDocument(document.get("calendar", Document.class)));
    }
}
