package io.exceed.defaults.storage;

import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;

/**
 * Conjunctions of equalities written as one document ({@code {tenant: .., _id: .., revision: ..}}) rather than
 * {@code $and}, which means the same. The embedded store looks documents up through a unique index only for a
 * query of that shape whose fields are exactly the index's (see {@link ExactKeyIndexes}), and scans under
 * {@code $and}. Conjunctions with operators ({@code $gt}, {@code $in}, ...) keep {@code $and}, which the embedded
 * store's secondary indexes read as well ({@link OrderedIndex}).
 */
public final class FlatFilters {

    private static final CodecRegistry CODECS = MongoClientSettings.getDefaultCodecRegistry();

    private FlatFilters() {
    }

    public static Bson and(Bson... conditions) {
        return and(List.of(conditions));
    }

    public static Bson and(List<Bson> conditions) {
        BsonDocument flat = new BsonDocument();
        for (Bson condition : conditions) {
            for (var field : condition.toBsonDocument(BsonDocument.class, CODECS).entrySet()) {
                if (field.getKey().startsWith("$") || isOperator(field.getValue())
                        || flat.put(field.getKey(), field.getValue()) != null) {
                    return Filters.and(conditions);
                }
            }
        }
        return flat;
    }

    private static boolean isOperator(BsonValue value) {
        return value.isDocument() && value.asDocument().keySet().stream().anyMatch(key -> key.startsWith("$"));
    }
}
