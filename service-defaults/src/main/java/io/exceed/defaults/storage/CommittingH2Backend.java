package io.exceed.defaults.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * mongo-java-server's H2 backend that commits a command's changes to the file before the reply is sent, so an
 * acknowledged write survives a crash of the process (and, synced, of the machine), unless deferred.
 *
 * <p>It also answers a query in batches as MongoDB does ({@value #FIRST_BATCH} documents first, then
 * {@value #NEXT_BATCHES} per {@code getMore}) when the client names no batch size, as the driver does not by default:
 * mongo-java-server would otherwise send every matching document in one reply, and a reply over 48 MB (a tenant's
 * 200 000 responses read for a rollup rebuild) is refused by the driver.
 *
 * <p>Its databases use their secondary indexes ({@link IndexedH2Database}).
 *
 * <p>{@link MVStore#commit()} stores everything changed so far under MVStore's store lock, which is also the group
 * commit: writers that finish while a commit runs wait for the lock, the first of them stores all their changes in
 * one commit, and the others find nothing left to store. H2's background writer stays on for what it does besides
 * committing (rewriting sparse chunks, shrinking the file); its own commits hand the writing to another thread, so
 * a writer whose changes such a commit took waits until they are written.
 */
final class CommittingH2Backend extends H2Backend {

    /** Commands that change nothing; any other command commits, which costs little when it changed nothing. */
    private static final Set<String> READS = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        READS.addAll(List.of("find", "getMore", "count", "distinct", "listCollections", "listIndexes",
                "listDatabases", "killCursors", "endSessions", "hello", "isMaster", "ping", "buildInfo", "dbStats",
                "collStats", "serverStatus"));
    }

    /** MongoDB's first batch of a query. */
    static final int FIRST_BATCH = 101;
    /** Documents per later batch: MongoDB bounds them by 16 MiB, and the services' documents are a few KiB at most. */
    static final int NEXT_BATCHES = 1_000;

    private final Durability durability;
    private final Object syncLock = new Object();

    CommittingH2Backend(Path file, Durability durability) {
        super(file.toString());
        this.durability = durability;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (command.equalsIgnoreCase("find")) {
            query.putIfAbsent("batchSize", FIRST_BATCH);
        } else if (command.equalsIgnoreCase("getMore")) {
            query.putIfAbsent("batchSize", NEXT_BATCHES);
        }
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            // Also after a failed write: part of it (an ordered insert's first documents) may have been applied.
            if (durability != Durability.DEFERRED && mayWrite(command, query)) {
                persist();
            }
        }
    }

    private void persist() {
        if (durability != Durability.SYNCED) {
            commit(getMvStore());
            return;
        }
        // One thread at a time commits and forces: the writers queued behind a force share the next one.
        synchronized (syncLock) {
            commit(getMvStore());
            getMvStore().sync();
        }
    }

    private static void commit(MVStore store) {
        if (store.commit() < 0) {
            // Nothing left to store: a background commit took these changes and may still be writing them.
            // This returns once every store operation begun so far is done.
            store.executeFilestoreOperation(() -> {
            });
        }
    }

    private static boolean mayWrite(String command, Document query) {
        if (command.equalsIgnoreCase("aggregate")) {
            return query.get("pipeline") instanceof List<?> stages && stages.stream().anyMatch(stage ->
                    stage instanceof Document document && (document.containsKey("$out") || document.containsKey("$merge")));
        }
        return !READS.contains(command);
    }
}
