package io.exceed.defaults.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;

class FlatFiltersTest {

    @Test
    void equalitiesOnDifferentFieldsBecomeOneDocument() {
        assertThat(render(FlatFilters.and(Filters.eq("tenant", "t"), Filters.eq("_id", "a"),
                Filters.eq("revision", 3L))))
                .isEqualTo(BsonDocument.parse("{tenant: 't', _id: 'a', revision: {$numberLong: '3'}}"));
    }

    @Test
    void operatorsAndRepeatedFieldsKeepAnd() {
        assertThat(render(FlatFilters.and(Filters.eq("tenant", "t"), Filters.gt("sequence", 5L))))
                .containsKey("$and");
        assertThat(render(FlatFilters.and(Filters.eq("a", 1), Filters.eq("a", 2)))).containsKey("$and");
        assertThat(render(FlatFilters.and(Filters.eq("a", 1), Filters.or(Filters.eq("b", 1), Filters.eq("c", 1)))))
                .containsKey("$and");
    }

    private static BsonDocument render(Bson filter) {
        return filter.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
    }
}
