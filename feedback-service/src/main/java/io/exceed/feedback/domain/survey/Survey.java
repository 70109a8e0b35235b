package io.exceed.feedback.domain.survey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.exceed.defaults.error.FailedPreconditionException;

/** A survey: the draft authors edit and the versions published from it. */
public record Survey(String id, String title, SurveyPurpose purpose, String defaultLanguage, List<Question> questions,
        SurveyState state, List<SurveyVersion> versions, long revision, Instant createTime, Instant updateTime) {

    public int latestVersion() {
        return versions.isEmpty() ? 0 : versions.getLast().version();
    }

    public Optional<SurveyVersion> version(int number) {
        return number >= 1 && number <= versions.size() ? Optional.of(versions.get(number - 1)) : Optional.empty();
    }

    /** The version new invitations and integrator responses use. */
    public SurveyVersion latestPublished() {
        if (versions.isEmpty()) {
            throw new FailedPreconditionException("SURVEY_NOT_PUBLISHED", "survey '" + id + "' has no published version");
        }
        return versions.getLast();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The next revision with the title, purpose, default language and questions of {@code draft}. */
    Survey withDraft(Survey draft, Instant now) {
        return next(now).title(draft.title).purpose(draft.purpose).defaultLanguage(draft.defaultLanguage)
                .questions(draft.questions).build();
    }

    Survey publish(Instant now) {
        if (state == SurveyState.ARCHIVED) {
            throw new FailedPreconditionException("SURVEY_ARCHIVED", "survey '" + id + "' is archived");
        }
        List<SurveyVersion> published = new ArrayList<>(versions);
        published.add(new SurveyVersion(id, latestVersion() + 1, title, purpose, defaultLanguage, questions, now));
        return next(now).state(SurveyState.PUBLISHED).versions(List.copyOf(published)).build();
    }

    Survey archive(Instant now) {
        return next(now).state(SurveyState.ARCHIVED).build();
    }

    private Builder next(Instant now) {
        return toBuilder().revision(revision + 1).updateTime(now);
    }

    /** A survey built field by field, by name: the record is too wide to build positionally. */
    public static final class Builder {
        private String id;
        private String title;
        private SurveyPurpose purpose;
        private String defaultLanguage;
        private List<Question> questions = List.of();
        private SurveyState state;
        private List<SurveyVersion> versions = List.of();
        private long revision;
        private Instant createTime;
        private Instant updateTime;

        private Builder() {
        }

        private Builder(Survey from) {
            this.id = from.id;
            this.title = from.title;
            this.purpose = from.purpose;
            this.defaultLanguage = from.defaultLanguage;
            this.questions = from.questions;
            this.state = from.state;
            this.versions = from.versions;
            this.revision = from.revision;
            this.createTime = from.createTime;
            this.updateTime = from.updateTime;
        }

        public Builder id(String value) { id = value; return this; }
        public Builder title(String value) { title = value; return this; }
        public Builder purpose(SurveyPurpose value) { purpose = value; return this; }
        public Builder defaultLanguage(String value) { defaultLanguage = value; return this; }
        public Builder questions(List<Question> value) { questions = value; return this; }
        public Builder state(SurveyState value) { state = value; return this; }
        public Builder versions(List<SurveyVersion> value) { versions = value; return this; }
        public Builder revision(long value) { revision = value; return this; }
        public Builder createTime(Instant value) { createTime = value; return this; }
        public Builder updateTime(Instant value) { updateTime = value; return this; }

        public Survey build() {
            return new Survey(id, title, purpose, defaultLanguage, questions, state, versions, revision, createTime,
                    updateTime);
        }
    }
}
