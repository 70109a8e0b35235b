package io.exceed.feedback.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import io.exceed.feedback.domain.Dimension;
import io.exceed.feedback.domain.response.ExpectedLevel;

/** The customer's segment and expectations as copied onto invitations and responses. */
final class CustomerSnapshots {

    private CustomerSnapshots() {
    }

    static Document segmentDocument(Map<String, String> segment) {
        return new Document(segment);
    }

    static Map<String, String> segment(Document document) {
        Map<String, String> segment = new LinkedHashMap<>();
        document.get("segment", new Document()).forEach((key, value) -> segment.put(key, (String) value));
        return Map.copyOf(segment);
    }

    static List<Document> expectationDocuments(List<ExpectedLevel> expectations) {
        return expectations.stream().map(level -> new Document("dimension", level.dimension().name())
                .append("level", level.level())).toList();
    }

    static List<ExpectedLevel> expectations(Document document) {
        return document.getList("expectations", Document.class).stream().map(level -> new ExpectedLevel(
                Dimension.valueOf(level.getString("dimension")), level.getInteger("level"))).toList();
    }
}
