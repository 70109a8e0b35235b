package io.exceed.feedback.domain.survey;

import java.util.List;
import java.util.Optional;

import io.exceed.feedback.domain.Dimension;

/** One question: its stable id, kind, the dimension a rating is about, and its text per language. */
public record Question(String id, QuestionKind kind, Dimension dimension, List<LocalizedText> text, boolean required) {

    public Optional<String> textIn(String language) {
        return text.stream().filter(t -> t.language().equals(language)).map(LocalizedText::text).findFirst();
    }
}
