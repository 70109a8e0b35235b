package io.exceed.feedback.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.exceed.defaults.storage.IdPages;
import io.exceed.eventing.IdempotentInsert;
import io.exceed.eventing.Revisions;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.Dimension;
import io.exceed.defaults.paging.Page;
import io.exceed.feedback.domain.survey.LocalizedText;
import io.exceed.feedback.domain.survey.Question;
import io.exceed.feedback.domain.survey.QuestionKind;
import io.exceed.feedback.domain.survey.Survey;
import io.exceed.feedback.domain.survey.SurveyPurpose;
import io.exceed.feedback.domain.survey.SurveyState;
import io.exceed.feedback.domain.survey.SurveyStore;
import io.exceed.feedback.domain.survey.SurveyVersion;

/**
 * Surveys in {@value FeedbackCollections#SURVEYS}, each with its published versions embedded, so publishing is
 * one compare-and-set on the revision.
 */
public class MongoSurveyStore implements SurveyStore {

    private final MongoCollection<Document> surveys;

    public MongoSurveyStore(MongoDatabase database) {
        this.surveys = database.getCollection(FeedbackCollections.SURVEYS);
    }

    @Override
    public Survey insert(TenantId tenant, Survey survey, Optional<String> requestId) {
        Document document = toDocument(survey).append(TenantScope.TENANT_FIELD, tenant.value())
                .append(Revisions.APPLIED_REQUESTS, List.of());
        return IdempotentInsert.insert(surveys, tenant, document, requestId, MongoSurveyStore::fromDocument);
    }

    @Override
    public Optional<Survey> find(TenantId tenant, String id) {
        return Optional.ofNullable(surveys.find(TenantScope.filter(tenant, Filters.eq("_id", id))).first())
                .map(MongoSurveyStore::fromDocument);
    }

    @Override
    public boolean hasApplied(TenantId tenant, String id, String requestId) {
        return Revisions.hasApplied(surveys, tenant, id, requestId);
    }

    @Override
    public boolean replace(TenantId tenant, Survey updated, long previousRevision, Optional<String> requestId) {
        return Revisions.replace(surveys, tenant, toDocument(updated), previousRevision, requestId);
    }

    @Override
    public Page<Survey> list(TenantId tenant, SurveyState state, Optional<String> afterId, int limit) {
        List<Bson> conditions = new ArrayList<>();
        if (state != null) {
            conditions.add(Filters.eq("state", state.name()));
        }
        return IdPages.page(surveys, tenant, conditions, afterId, limit, MongoSurveyStore::fromDocument, Survey::id);
    }

    private static Document toDocument(Survey survey) {
        return new Document("_id", survey.id())
                .append("title", survey.title())
                .append("purpose", survey.purpose().name())
                .append("defaultLanguage", survey.defaultLanguage())
                .append("questions", questions(survey.questions()))
                .append("state", survey.state().name())
                .append("versions", survey.versions().stream().map(MongoSurveyStore::versionDocument).toList())
                .append("revision", survey.revision())
                .append("createTime", Times.toDate(survey.createTime()))
                .append("updateTime", Times.toDate(survey.updateTime()));
    }

    private static Document versionDocument(SurveyVersion version) {
        return new Document("version", version.version())
                .append("title", version.title())
                .append("purpose", version.purpose().name())
                .append("defaultLanguage", version.defaultLanguage())
                .append("questions", questions(version.questions()))
                .append("publishTime", Times.toDate(version.publishTime()));
    }

    private static List<Document> questions(List<Question> questions) {
        return questions.stream().map(question -> new Document("id", question.id())
                .append("kind", question.kind().name())
                .append("dimension", question.dimension() == null ? null : question.dimension().name())
                .append("text", question.text().stream()
                        .map(text -> new Document("language", text.language()).append("text", text.text())).toList())
                .append("required", question.required())).toList();
    }

    private static Survey fromDocument(Document document) {
        String id = document.getString("_id");
        return Survey.builder()
                .id(id)
                .title(document.getString("title"))
                .purpose(SurveyPurpose.valueOf(document.getString("purpose")))
                .defaultLanguage(document.getString("defaultLanguage"))
                .questions(questionsFrom(document.getList("questions", Document.class)))
                .state(SurveyState.valueOf(document.getString("state")))
                .versions(document.getList("versions", Document.class).stream().map(version -> new SurveyVersion(id,
                        version.getInteger("version"), version.getString("title"),
                        SurveyPurpose.valueOf(version.getString("purpose")), version.getString("defaultLanguage"),
                        questionsFrom(version.getList("questions", Document.class)),
                        Times.toInstant(version.getDate("publishTime")))).toList())
                .revision(document.getLong("revision"))
                .createTime(Times.toInstant(document.getDate("createTime")))
                .updateTime(Times.toInstant(document.getDate("updateTime")))
                .build();
    }

    private static List<Question> questionsFrom(List<Document> documents) {
        return documents.stream().map(question -> new Question(question.getString("id"),
                QuestionKind.valueOf(question.getString("kind")),
                question.getString("dimension") == null ? null : Dimension.valueOf(question.getString("dimension")),
                question.getList("text", Document.class).stream()
                        .map(text -> new LocalizedText(text.getString("language"), text.getString("text"))).toList(),
                question.getBoolean("required", false))).toList();
    }
}
