package io.exceed.feedback.store;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.storage.IdPages;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.outbound.MessageTemplate;
import io.exceed.feedback.domain.outbound.MessageTemplateStore;
import io.exceed.feedback.domain.outbound.OutboundMessageKind;
import io.exceed.feedback.domain.response.Channel;

/**
 * Tenants' message templates in {@link FeedbackCollections#MESSAGE_TEMPLATES}, one document per template: {@code _id
 * (tenant:channel:kind:language), tenant, channel, kind, language, subject, text, html, updateTime}. A message being
 * written looks its template up by {@code _id} alone, so the embedded store reads it by key, never by a scan.
 */
public class MongoMessageTemplateStore implements MessageTemplateStore {

    private static final Pattern KEY_SUFFIX = Pattern.compile(":(EMAIL|SMS):[A-Z_]+:[a-z]{2,8}");

    private final MongoCollection<Document> templates;

    public MongoMessageTemplateStore(MongoDatabase database) {
        this.templates = database.getCollection(FeedbackCollections.MESSAGE_TEMPLATES);
    }

    /** Listing a tenant's templates in key order. */
    static void createIndexes(MongoDatabase database) {
        database.getCollection(FeedbackCollections.MESSAGE_TEMPLATES)
                .createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "_id"));
    }

    @Override
    public void save(TenantId tenant, MessageTemplate template) {
        String id = id(tenant, template.key());
        templates.replaceOne(Filters.eq("_id", id), new Document("_id", id)
                        .append(TenantScope.TENANT_FIELD, tenant.value())
                        .append("channel", template.channel().name())
                        .append("kind", template.kind().name())
                        .append("language", template.language())
                        .append("subject", template.subject())
                        .append("text", template.text())
                        .append("html", template.html())
                        .append("updateTime", Times.toDate(template.updateTime())),
                new ReplaceOptions().upsert(true));
    }

    @Override
    public Optional<MessageTemplate> find(TenantId tenant, MessageTemplate.Key key) {
        return Optional.ofNullable(templates.find(Filters.eq("_id", id(tenant, key))).first())
                .map(MongoMessageTemplateStore::fromDocument);
    }

    @Override
    public Page<MessageTemplate> list(TenantId tenant, Optional<String> after, int limit) {
        return IdPages.page(templates, tenant, List.of(), after, limit, MongoMessageTemplateStore::fromDocument,
                template -> id(tenant, template.key()));
    }

    @Override
    public boolean isPosition(TenantId tenant, String position) {
        String prefix = tenant.value();
        return position.startsWith(prefix) && KEY_SUFFIX.matcher(position.substring(prefix.length())).matches();
    }

    @Override
    public void delete(TenantId tenant, MessageTemplate.Key key) {
        templates.deleteOne(Filters.eq("_id", id(tenant, key)));
    }

    private static String id(TenantId tenant, MessageTemplate.Key key) {
        return tenant.value() + ":" + key.channel().name() + ":" + key.kind().name() + ":" + key.language();
    }

    private static MessageTemplate fromDocument(Document document) {
        return new MessageTemplate(Channel.valueOf(document.getString("channel")),
                OutboundMessageKind.valueOf(document.getString("kind")), document.getString("language"),
                document.getString("subject"), document.getString("text"), document.getString("html"),
                Times.toInstant(document.getDate("updateTime")));
    }
}
