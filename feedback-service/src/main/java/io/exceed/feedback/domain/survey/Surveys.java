package io.exceed.feedback.domain.survey;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiFunction;

import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.error.VersionConflictException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.defaults.paging.Page;

/** Survey authoring: drafts, publishing immutable versions, archiving. */
public class Surveys {

    public static final Set<String> UPDATABLE_FIELDS = Set.of("title", "purpose", "default_language", "questions");
    private static final String RESOURCE = "survey";
    private static final String PREFIX = "survey.";
    private static final int MAX_ATTEMPTS = 5;

    private final SurveyStore store;
    private final PublishedVersions published;
    private final Clock clock;

    public Surveys(SurveyStore store, PublishedVersions published, Clock clock) {
        this.store = store;
        this.published = published;
        this.clock = clock;
    }

    public Survey create(TenantId tenant, Survey draft, Optional<String> requestId, Violations violations) {
        Survey checked = SurveyRules.normalizeDraft(draft, PREFIX, violations);
        violations.throwIfAny();
        Instant now = clock.instant();
        return store.insert(tenant, checked.toBuilder().id(TimeOrderedIds.next()).state(SurveyState.DRAFT)
                .versions(List.of()).revision(1).createTime(now).updateTime(now).build(), requestId);
    }

    public Survey get(TenantId tenant, String id) {
        return store.find(tenant, id).orElseThrow(() -> new NotFoundException(RESOURCE, id));
    }

    /** A published version; they never change, so this is mostly answered from memory. */
    public SurveyVersion version(TenantId tenant, String id, int version) {
        return published.version(tenant, id, version, () -> get(tenant, id).version(version)
                .orElseThrow(() -> new NotFoundException("survey version", id + "/versions/" + version)));
    }

    /**
     * The latest published version, as integrator responses without a version use it; a publish on another
     * replica is seen here up to the {@link PublishedVersions} latest-version lifetime later.
     */
    public SurveyVersion latestPublished(TenantId tenant, String id) {
        return published.latest(tenant, id, () -> get(tenant, id).latestPublished());
    }

    public Page<Survey> list(TenantId tenant, SurveyState state, Optional<String> afterId, int limit) {
        return store.list(tenant, state, afterId, limit);
    }

    /** Changes the draft's fields named in {@code mask}; published versions are untouched. */
    public Survey update(TenantId tenant, UpdateSurvey command, Violations violations) {
        List<String> mask = command.mask();
        violations.require(!mask.isEmpty(), "update_mask", "is required: name the fields to change");
        for (int i = 0; i < mask.size(); i++) {
            violations.require(UPDATABLE_FIELDS.contains(mask.get(i)), "update_mask.paths[" + i + "]",
                    "'" + mask.get(i) + "' cannot be changed; changeable: " + UPDATABLE_FIELDS);
        }
        violations.throwIfAny();
        Survey patch = command.patch();
        return change(tenant, command.id(), command.expectedRevision(), command.requestId(), (current, now) -> {
            Survey merged = current.toBuilder()
                    .title(mask.contains("title") ? patch.title() : current.title())
                    .purpose(mask.contains("purpose") ? patch.purpose() : current.purpose())
                    .defaultLanguage(mask.contains("default_language") ? patch.defaultLanguage()
                            : current.defaultLanguage())
                    .questions(mask.contains("questions") ? patch.questions() : current.questions())
                    .build();
            Survey checked = SurveyRules.normalizeDraft(merged, PREFIX, violations);
            violations.throwIfAny();
            return current.withDraft(checked, now);
        });
    }

    /** Publishes the draft as the next version. */
    public SurveyVersion publish(TenantId tenant, String id, OptionalLong expectedRevision, Optional<String> requestId) {
        SurveyVersion version = change(tenant, id, expectedRevision, requestId, (current, now) -> current.publish(now))
                .latestPublished();
        published.forgetLatest(tenant, id);
        return version;
    }

    public Survey archive(TenantId tenant, String id, Optional<String> requestId) {
        return change(tenant, id, OptionalLong.empty(), requestId,
                (current, now) -> current.state() == SurveyState.ARCHIVED ? current : current.archive(now));
    }

    private Survey change(TenantId tenant, String id, OptionalLong expectedRevision, Optional<String> requestId,
            BiFunction<Survey, Instant, Survey> transition) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Survey current = get(tenant, id);
            if (requestId.isPresent() && store.hasApplied(tenant, id, requestId.get())) {
                return current;
            }
            if (expectedRevision.isPresent() && expectedRevision.getAsLong() != current.revision()) {
                throw new VersionConflictException(expectedRevision.getAsLong(), current.revision());
            }
            Survey updated = transition.apply(current, clock.instant());
            if (updated == current || store.replace(tenant, updated, current.revision(), requestId)) {
                return updated;
            }
        }
        Survey latest = get(tenant, id);
        throw new VersionConflictException(latest.revision() - 1, latest.revision());
    }
}
