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

    Survey withDraft(String newTitle, SurveyPurpose newPurpose, String newDefaultLanguage, List<Question> newQuestions,
            Instant now) {
        return new Survey(id, newTitle, newPurpose, newDefaultLanguage, newQuestions, state, versions, revision + 1,
                createTime, now);
    }

    Survey publish(Instant now) {
        if (state == SurveyState.ARCHIVED) {
            throw new FailedPreconditionException("SURVEY_ARCHIVED", "survey '" + id + "' is archived");
        }
        List<SurveyVersion> published = new ArrayList<>(versions);
        published.add(new SurveyVersion(id, latestVersion() + 1, title, purpose, defaultLanguage, questions, now));
        return new Survey(id, title, purpose, defaultLanguage, questions, SurveyState.PUBLISHED, List.copyOf(published),
                revision + 1, createTime, now);
    }

    Survey archive(Instant now) {
        return new Survey(id, title, purpose, defaultLanguage, questions, SurveyState.ARCHIVED, versions, revision + 1,
                createTime, now);
    }
}
