package io.exceed.defaults.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

/** Which documents the index answers a query with: those in the query's part of the index, and no others. */
class OrderedIndexTest {

    private final OrderedIndex<Integer> index = new OrderedIndex<>("tenant_1_time_1",
            List.of(new IndexKey("tenant", true), new IndexKey("time", true)));

    @Test
    void answersATenantsTimeRangeWithTheDocumentsInIt() {
        for (int i = 0; i < 30; i++) {
            add(i, "t" + i % 3, i);
        }

        assertThat(positions(new Document("tenant", "t1").append("time",
                new Document("$gte", at(10)).append("$lt", at(22)))))
                .containsExactlyInAnyOrder(10, 13, 16, 19);
        assertThat(positions(new Document("tenant", "t1").append("time", new Document("$gt", at(10)))))
                .containsExactlyInAnyOrder(13, 16, 19, 22, 25, 28);
        assertThat(positions(new Document("tenant", "t2").append("time", new Document("$lte", at(8)))))
                .containsExactlyInAnyOrder(2, 5, 8);
        assertThat(positions(new Document("tenant", "t0").append("time", at(9)))).containsExactly(9);
        assertThat(positions(new Document("tenant", "t0").append("state", "OPEN"))).hasSize(10);
    }

    @Test
    void keepsUpWithUpdatesAndDeletes() {
        add(1, "a", 100);
        add(2, "a", 200);
        index.updateInPlace(document(1, "a", 100), document(1, "a", 300), 1, null);
        assertThat(index.remove(document(2, "a", 200))).isEqualTo(2);

        assertThat(positions(new Document("tenant", "a").append("time", new Document("$lt", at(250)))))
                .isEmpty();
        assertThat(positions(new Document("tenant", "a").append("time", new Document("$gte", at(250)))))
                .containsExactly(1);
        assertThat(index.getCount()).isEqualTo(1);
    }

    @Test
    void answersEveryQueryWithADocumentWhoseKeyItCannotOrder() {
        add(1, "a", 100);
        index.add(new Document("_id", 2).append("tenant", "a").append("time", new Document("odd", true)), 2, null);

        assertThat(positions(new Document("tenant", "a").append("time", new Document("$gt", at(500)))))
                .containsExactly(2);
    }

    /** In MongoDB, [1, 20] is in (5, 10): 20 is over 5 and 1 under 10. */
    @Test
    void readsADocumentWithAnArrayOnceFromTheRangesLowerBound() {
        add(1, "a", 7);
        add(3, "a", 30);
        index.add(new Document("_id", 2).append("tenant", "a").append("time",
                List.of(at(1), at(20))), 2, null);

        Document query = new Document("tenant", "a").append("time",
                new Document("$gt", at(5)).append("$lt", at(10)));
        assertThat(index.getPositions(query)).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(index.remove(new Document("_id", 2).append("tenant", "a").append("time",
                List.of(at(1), at(20))))).isEqualTo(2);
        assertThat(index.getPositions(query)).containsExactlyInAnyOrder(1, 3);
    }

    @Test
    void readsInTheOrderOfItsFieldsAfterThoseTheQueryFixes() {
        add(1, "a", 100);
        Document tenant = new Document("tenant", "a");

        assertThat(index.readsInOrder(tenant, new Document("time", 1))).isTrue();
        assertThat(index.readsInOrder(tenant, new Document("tenant", 1).append("time", 1))).isTrue();
        assertThat(index.readsInOrder(tenant, new Document("time", -1))).isFalse();
        assertThat(index.readsInOrder(tenant, new Document("time", 1).append("_id", 1))).isFalse();
        assertThat(index.readsInOrder(new Document(), new Document("time", 1))).isFalse();
        index.add(new Document("_id", 2).append("tenant", "a").append("time",
                List.of(at(1), at(2))), 2, null);
        assertThat(index.readsInOrder(tenant, new Document("time", 1))).isFalse();
    }

    @Test
    void readsTheDistinctValuesOfItsFirstField() {
        for (int i = 0; i < 30; i++) {
            add(i, "t" + i % 3, i);
        }

        assertThat(index.distinctValues("tenant")).contains(List.of("t0", "t1", "t2"));
        assertThat(index.distinctValues("time")).isEmpty();
        index.add(new Document("_id", 99).append("time", at(5)), 99, null);
        assertThat(index.distinctValues("tenant")).as("a document without the field").isEmpty();
    }

    @Test
    void takesOnlyQueriesThatConstrainItsFirstField() {
        assertThat(index.canHandle(new Document("time", new Document("$lt", at(5))))).isFalse();
        assertThat(index.canHandle(new Document("tenant", new Document("$in", List.of("a", "b"))))).isFalse();
        assertThat(index.canHandle(new Document("$or", List.of(new Document("tenant", "a"))))).isFalse();
        assertThat(index.canHandle(new Document("tenant", "a").append("time", new Document("$ne", at(5)))))
                .isTrue();
        assertThat(index.canHandle(new Document("tenant", "a"))).isTrue();
    }

    private static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    private void add(int position, String tenant, long time) {
        index.add(document(position, tenant, time), position, null);
    }

    private static Document document(int id, String tenant, long time) {
        return new Document("_id", id).append("tenant", tenant).append("time", at(time));
    }

    private Set<Integer> positions(Document query) {
        assertThat(index.canHandle(query)).isTrue();
        return StreamSupport.stream(index.getPositions(query).spliterator(), false).collect(Collectors.toSet());
    }
}
