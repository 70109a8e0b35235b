package io.exceed.customer.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.exceed.customer.domain.Page;

/**
 * Newest-first paging over a time field, ties broken by id, resuming after a "millis/id" position. Used for
 * expectation snapshots and timeline events.
 */
final class NewestFirst {

    private final String timeField;

    NewestFirst(String timeField) {
        this.timeField = timeField;
    }

    Bson sort() {
        return Sorts.descending(timeField, "_id");
    }

    <T> Page<T> page(MongoCollection<Document> collection, Bson scope, Optional<String> after, int limit,
            Function<Document, T> mapper, Function<T, Instant> timeOf, Function<T, String> idOf) {
        Bson filter = after.map(position -> Filters.and(scope, before(position))).orElse(scope);
        List<T> items = new ArrayList<>();
        collection.find(filter).sort(sort()).limit(limit + 1).forEach(doc -> items.add(mapper.apply(doc)));
        if (items.size() <= limit) {
            return new Page<>(items, Optional.empty());
        }
        T last = items.get(limit - 1);
        return new Page<>(items.subList(0, limit), Optional.of(timeOf.apply(last).toEpochMilli() + "/" + idOf.apply(last)));
    }

    private Bson before(String position) {
        int slash = position.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("malformed position");
        }
        Instant time = Instant.ofEpochMilli(Long.parseLong(position.substring(0, slash)));
        String id = position.substring(slash + 1);
        return Filters.or(
                Filters.lt(timeField, Times.toDate(time)),
                Filters.and(Filters.eq(timeField, Times.toDate(time)), Filters.lt("_id", id)));
    }
}
