package io.exceed.defaults.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.defaults.paging.Page;

/** Listing in id order (ids are time-ordered, so this is creation order), one bounded page at a time. */
public final class IdPages {

    private IdPages() {
    }

    public static <T> Page<T> page(MongoCollection<Document> collection, TenantId tenant, List<Bson> conditions,
            Optional<String> afterId, int limit, Function<Document, T> mapper, Function<T, String> idOf) {
        List<Bson> all = new ArrayList<>(conditions);
        afterId.ifPresent(after -> all.add(Filters.gt("_id", after)));
        List<T> found = new ArrayList<>();
        collection.find(TenantScope.filter(tenant, all.toArray(Bson[]::new)))
                .sort(Sorts.ascending("_id"))
                .limit(limit + 1)
                .forEach(document -> found.add(mapper.apply(document)));
        if (found.size() <= limit) {
            return new Page<>(found, Optional.empty());
        }
        return new Page<>(found.subList(0, limit), Optional.of(idOf.apply(found.get(limit - 1))));
    }
}
