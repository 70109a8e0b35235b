package io.exceed.defaults.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * A secondary (non-unique) index for the embedded store, which otherwise accepts such indexes and ignores them, so
 * that a query on a tenant's time range reads the whole collection. Kept in memory, sorted by the index's fields,
 * and rebuilt from the documents when the store opens (mongo-java-server adds every stored document to an index it
 * opens).
 *
 * <p>It answers a query that names the index's first fields with plain values, optionally followed by a range
 * ({@code $gt}, {@code $gte}, {@code $lt}, {@code $lte}) on the next one, at its top level or in {@code $and}s, with
 * the documents in that part of the index: always a superset of the matches, which the collection then filters by
 * the whole query. It indexes every document (ignoring {@code sparse} and partial filters, which only ever shrink an
 * index); a document whose key holds anything but a string, number, boolean, date, ObjectId or UUID is part of every
 * answer, so no match is ever missed. An array gives a document one key per element, as in MongoDB. It leaves a
 * query to a unique index that can look it up by exact key, and to a sibling that constrains more of its fields.
 */
final class OrderedIndex<P> extends Index<P> {

    private static final String ID = "_id";
    private static final Set<String> RANGE_OPERATORS = Set.of("$gt", "$gte", "$lt", "$lte");

    /** Sorts before, and after, every value: bounds of a range of keys. */
    private static final Object LOWEST = new Object();
    private static final Object HIGHEST = new Object();
    /** What a key shorter than a bound has at the bound's last place: between the bound's sentinels. */
    private static final Object ABSENT = new Object();

    private final NavigableMap<KeyValue, Map<KeyValue, P>> entries = new TreeMap<>(OrderedIndex::compareKeys);
    /** Documents whose keys cannot be ordered with plain values, by their id: part of every answer. */
    private final Map<KeyValue, P> unordered = new LinkedHashMap<>();
    private long documents;
    /**
     * Whether an array has given a document several keys. Then a range is read from its lower bound to the end of
     * its prefix, as MongoDB does for such an index: each bound may be met by a different element.
     */
    private boolean multikey;
    private volatile MongoCollection<P> collection;

    OrderedIndex(String name, List<IndexKey> keys) {
        super(name, keys, false);
    }

    @Override
    public synchronized P getPosition(Document document) {
        KeyValue id = idOf(document);
        if (unordered.containsKey(id)) {
            return unordered.get(id);
        }
        for (KeyValue key : getKeyValues(document)) {
            Map<KeyValue, P> positions = orderable(key) ? entries.get(key) : null;
            if (positions != null && positions.containsKey(id)) {
                return positions.get(id);
            }
        }
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        this.collection = collection;
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        this.collection = collection;
        KeyValue id = idOf(document);
        Set<KeyValue> keys = getKeyValues(document);
        if (!keys.isEmpty() && keys.stream().allMatch(OrderedIndex::orderable)) {
            multikey |= keys.size() > 1;
            for (KeyValue key : keys) {
                entries.computeIfAbsent(key, k -> new HashMap<>(2)).put(id, position);
            }
        } else {
            unordered.put(id, position);
        }
        documents++;
    }

    @Override
    public synchronized P remove(Document document) {
        KeyValue id = idOf(document);
        P removed = unordered.remove(id);
        for (KeyValue key : getKeyValues(document)) {
            Map<KeyValue, P> positions = orderable(key) ? entries.get(key) : null;
            if (positions != null) {
                P position = positions.remove(id);
                removed = position != null ? position : removed;
                if (positions.isEmpty()) {
                    entries.remove(key);
                }
            }
        }
        documents -= removed != null ? 1 : 0;
        return removed;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        this.collection = collection;
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position,
            MongoCollection<P> collection) {
        if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
            remove(oldDocument);
            add(newDocument, position, collection);
        }
    }

    @Override
    public boolean canHandle(Document query) {
        Range range = range(query);
        return range != null && preferredFor(query, range.weight());
    }

    @Override
    public synchronized Iterable<P> getPositions(Document query) {
        Range range = range(query);
        // A document with several keys in the range is read once.
        Collection<P> positions = multikey ? new LinkedHashSet<>(unordered.values())
                : new ArrayList<>(unordered.values());
        KeyValue to = multikey ? range.prefixEnd() : range.to();
        for (Map<KeyValue, P> atKey : entries.subMap(range.from(), true, to, true).values()) {
            positions.addAll(atKey.values());
        }
        return positions;
    }

    @Override
    public synchronized long getCount() {
        return documents;
    }

    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public synchronized void drop() {
        entries.clear();
        unordered.clear();
        documents = 0;
        multikey = false;
    }

    /**
     * Whether this index reads the query's documents already in {@code sort}'s order: ascending on its fields after
     * those the query fixes to one value, with no document that has several keys or none it can order.
     */
    synchronized boolean readsInOrder(Document query, Document sort) {
        if (multikey || !unordered.isEmpty() || sort.isEmpty()) {
            return false;
        }
        Constraints constraints = new Constraints();
        constraints.add(query);
        int fixed = 0;
        while (fixed < keys().size() && constraints.equal.containsKey(keys().get(fixed))) {
            fixed++;
        }
        int next = fixed;
        for (var order : sort.entrySet()) {
            if (!(order.getValue() instanceof Number direction) || direction.intValue() != 1) {
                return false;
            }
            int position = keys().indexOf(order.getKey());
            if (position >= 0 && position < fixed) {
                continue;
            }
            if (position != next) {
                return false;
            }
            next++;
        }
        return true;
    }

    /**
     * The distinct values of {@code field} over the whole collection, read from the index (one step per value) when
     * {@code field} is its first: empty when it is not, or when a document has an array, a null or a value the index
     * cannot order there, which the collection's own distinct then handles.
     */
    synchronized Optional<List<Object>> distinctValues(String field) {
        if (!keys().get(0).equals(field) || multikey || !unordered.isEmpty()) {
            return Optional.empty();
        }
        List<Object> values = new ArrayList<>();
        for (KeyValue key = entries.isEmpty() ? null : entries.firstKey(); key != null;
                key = entries.higherKey(new KeyValue(key.get(0), HIGHEST))) {
            if (key.get(0) == null) {
                return Optional.empty();
            }
            values.add(key.get(0));
        }
        return Optional.of(values);
    }

    /** The part of the index a query can be answered from, or null when it constrains none of its first fields. */
    private Range range(Document query) {
        Constraints constraints = new Constraints();
        constraints.add(query);
        List<Object> prefix = new ArrayList<>();
        for (String field : keys()) {
            if (constraints.equal.containsKey(field)) {
                prefix.add(constraints.equal.get(field));
                continue;
            }
            Document operators = constraints.ranges.get(field);
            if (operators != null) {
                return new Range(bound(prefix, lower(operators), true), bound(prefix, upper(operators), false),
                        bound(prefix, null, false), 2 * prefix.size() + 1);
            }
            break;
        }
        if (prefix.isEmpty()) {
            return null;
        }
        return new Range(bound(prefix, null, true), bound(prefix, null, false), bound(prefix, null, false),
                2 * prefix.size());
    }

    /**
     * Whether this index should answer: not when a unique index looks the query up by exact key, nor when another
     * ordered index constrains more of its fields (or as many, and was declared first).
     */
    private boolean preferredFor(Document query, int weight) {
        if (!(collection instanceof AbstractMongoCollection<P> indexed)) {
            return true;
        }
        try {
            boolean declaredBefore = true;
            for (Index<P> other : List.copyOf(indexed.getIndexes())) {
                if (other == this) {
                    declaredBefore = false;
                } else if (other.isUnique() ? other.canHandle(query)
                        : other instanceof OrderedIndex<P> sibling && (declaredBefore
                                ? sibling.weight(query) >= weight : sibling.weight(query) > weight)) {
                    return false;
                }
            }
            return true;
        } catch (ConcurrentModificationException indexBeingAdded) {
            return false;
        }
    }

    private int weight(Document query) {
        Range range = range(query);
        return range == null ? 0 : range.weight();
    }

    /**
     * {@code prefix} followed by the bound's value and a sentinel that puts the bound just before or after every key
     * starting with them; with no value, the sentinel alone, which does the same for every key starting with
     * {@code prefix}.
     */
    private static KeyValue bound(List<Object> prefix, Bound bound, boolean lower) {
        List<Object> values = normalized(prefix);
        if (bound != null) {
            values.add(normalized(List.of(bound.value())).get(0));
            values.add(lower == bound.inclusive() ? LOWEST : HIGHEST);
        } else {
            values.add(lower ? LOWEST : HIGHEST);
        }
        return new KeyValue(values);
    }

    private static List<Object> normalized(List<Object> values) {
        return values.isEmpty() ? new ArrayList<>()
                : new ArrayList<>(new KeyValue(values).normalized().stream().toList());
    }

    /**
     * With no lower bound, the lowest value of the upper bound's type: a comparison matches values of its operand's
     * type only, so nulls and missing fields (which sort first) are not read.
     */
    private static Bound lower(Document operators) {
        if (operators.containsKey("$gte")) {
            return new Bound(operators.get("$gte"), true);
        }
        if (operators.containsKey("$gt")) {
            return new Bound(operators.get("$gt"), false);
        }
        Bound upper = upper(operators);
        return switch (upper == null ? null : upper.value()) {
            case Instant time -> new Bound(Instant.MIN, true);
            case Number number -> new Bound(Double.NEGATIVE_INFINITY, true);
            case String text -> new Bound("", true);
            case null, default -> null;
        };
    }

    private static Bound upper(Document operators) {
        return operators.containsKey("$lte") ? new Bound(operators.get("$lte"), true)
                : operators.containsKey("$lt") ? new Bound(operators.get("$lt"), false) : null;
    }

    /** A value the index orders the way the query matcher compares it: the types the services query by. */
    private static boolean plain(Object value) {
        return value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof Boolean || value instanceof Instant
                || value instanceof ObjectId || value instanceof UUID;
    }

    private static boolean orderable(KeyValue key) {
        return key.stream().allMatch(value -> value == null || plain(value));
    }

    private static KeyValue idOf(Document document) {
        return new KeyValue(document.get(ID)).normalized();
    }

    private static int compareKeys(KeyValue a, KeyValue b) {
        int length = Math.max(a.size(), b.size());
        for (int i = 0; i < length; i++) {
            Object x = i < a.size() ? a.get(i) : ABSENT;
            Object y = i < b.size() ? b.get(i) : ABSENT;
            int order = compareValues(x, y);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    private static int compareValues(Object x, Object y) {
        if (x == y) {
            return 0;
        }
        int xRank = rank(x);
        int yRank = rank(y);
        if (xRank != 0 || yRank != 0) {
            return Integer.compare(xRank, yRank);
        }
        return ValueComparator.ascWithoutListHandling().compare(x, y);
    }

    private static int rank(Object value) {
        return value == LOWEST ? -2 : value == ABSENT ? -1 : value == HIGHEST ? 2 : 0;
    }

    /**
     * What a query requires of single fields, from its top level and its {@code $and}s: plain values, and range
     * operators with plain operands. Anything else ({@code $or}, {@code $in}, {@code $exists}, ...) only narrows the
     * matches further, so leaving it out keeps the range a superset of them.
     */
    private static final class Constraints {

        private final Map<String, Object> equal = new HashMap<>();
        private final Map<String, Document> ranges = new HashMap<>();

        void add(Document query) {
            query.forEach((field, value) -> {
                if (field.equals("$and") && value instanceof List<?> clauses) {
                    clauses.stream().filter(Document.class::isInstance).map(Document.class::cast).forEach(this::add);
                } else if (field.startsWith("$")) {
                    return;
                } else if (plain(value)) {
                    equal.putIfAbsent(field, value);
                } else if (value instanceof Document operators && !operators.isEmpty()
                        && RANGE_OPERATORS.containsAll(operators.keySet())
                        && operators.values().stream().allMatch(OrderedIndex::plain)) {
                    operators.forEach((operator, operand) -> ranges.computeIfAbsent(field, f -> new Document())
                            .putIfAbsent(operator, operand));
                }
            });
        }
    }

    private record Bound(Object value, boolean inclusive) {
    }

    private record Range(KeyValue from, KeyValue to, KeyValue prefixEnd, int weight) {
    }
}
