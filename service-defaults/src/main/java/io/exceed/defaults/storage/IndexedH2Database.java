package io.exceed.defaults.storage;

import java.util.List;
import java.util.Optional;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

/**
 * An H2 database whose secondary indexes are used, as MongoDB uses them: each is an {@link OrderedIndex}, which
 * answers finds, counts, updates and deletes on the ranges it covers. An aggregation whose first stage is a
 * {@code $match} such an index can answer starts from that index's documents instead of every document of the
 * collection (mongo-java-server runs a pipeline over the whole collection otherwise). A find sorted in the order
 * its index reads the documents is not sorted again, so it reads only up to its limit; and the distinct values of
 * an index's first field over the whole collection are read from the index (a service lists its tenants so).
 */
final class IndexedH2Database extends H2Database {

    private static final List<String> WRITING_STAGES = List.of("$out", "$merge", "$changeStream");

    IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        super(databaseName, mvStore, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        return new OrderedIndex<>(indexName, keys);
    }

    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver,
            Oplog oplog) {
        if (command.equalsIgnoreCase("find") && query.get("find") instanceof String collectionName
                && query.get("sort") instanceof Document sort && !sort.isEmpty()) {
            Document filter = query.get("filter") instanceof Document given ? given : new Document();
            if (answeringIndex(collectionName, filter) instanceof OrderedIndex<Object> index
                    && index.readsInOrder(filter, sort)) {
                // Read in the index's order, the query stops at its limit instead of reading and sorting every match.
                query.remove("sort");
            }
        }
        if (command.equalsIgnoreCase("distinct") && query.get("distinct") instanceof String collectionName
                && query.get("key") instanceof String key
                && (!(query.get("query") instanceof Document filter) || filter.isEmpty())
                && resolveCollection(collectionName, false) instanceof AbstractMongoCollection<Object> indexed) {
            for (Index<Object> index : List.copyOf(indexed.getIndexes())) {
                if (index instanceof OrderedIndex<Object> ordered) {
                    Optional<List<Object>> values = ordered.distinctValues(key);
                    if (values.isPresent()) {
                        return new Document("values", values.get()).append("ok", 1.0);
                    }
                }
            }
        }
        if (command.equalsIgnoreCase("aggregate") && query.get("aggregate") instanceof String collectionName
                && !query.containsKey("let") && !query.containsKey("explain")
                && query.get("pipeline") instanceof List<?> stages && !stages.isEmpty()
                && stages.get(0) instanceof Document first && first.get("$match") instanceof Document match
                && stages.stream().noneMatch(IndexedH2Database::writes)) {
            MongoCollection<Object> collection = resolveCollection(collectionName, false);
            if (answeringIndex(collectionName, match) instanceof OrderedIndex<Object>) {
                Aggregation aggregation = Aggregation.fromPipeline(Aggregation.parse(query.get("pipeline")),
                        resolver, this, collection, oplog);
                aggregation.validate(query);
                List<Document> result = aggregation.runStages(collection.handleQueryAsStream(match));
                Document cursor = new Document("id", 0L).append("ns", getFullCollectionNamespace(collectionName))
                        .append("firstBatch", result);
                return new Document("cursor", cursor).append("ok", 1.0);
            }
        }
        return super.handleCommand(channel, command, query, resolver, oplog);
    }

    /** The index the collection answers {@code filter} from: the first that can, as mongo-java-server picks it. */
    private Index<Object> answeringIndex(String collectionName, Document filter) {
        if (resolveCollection(collectionName, false) instanceof AbstractMongoCollection<Object> indexed) {
            for (Index<Object> index : List.copyOf(indexed.getIndexes())) {
                if (index.canHandle(filter)) {
                    return index;
                }
            }
        }
        return null;
    }

    private static boolean writes(Object stage) {
        return stage instanceof Document document && WRITING_STAGES.stream().anyMatch(document::containsKey);
    }
}
