package io.exceed.testing;

import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/**
 * Every command the service under test sends to its store, as its MongoDB driver sends it: which command, on which
 * collection, for which tenant (from the command's filter). Lets a test prove which reads and writes a call made.
 */
public final class StoreCommands implements CommandListener {

    /**
     * One command: e.g. {@code find} on {@code surveys} for tenant {@code t-1}; tenant null if none was named. The
     * fields of its (first) filter, e.g. {@code [tenant, _id]} or {@code [$and]}: on the embedded store a filter
     * whose fields are exactly a unique index's is a lookup, any other a scan.
     */
    public record Command(String name, String collection, String tenant, Set<String> filterFields) {
    }

    private final Queue<Command> sent = new ConcurrentLinkedQueue<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        BsonDocument command = event.getCommand();
        String name = event.getCommandName();
        BsonValue target = command.get(name);
        String collection = target != null && target.isString() ? target.asString().getValue() : null;
        BsonValue filter = filter(name, command);
        sent.add(new Command(name, collection, filter != null && filter.isDocument() ? tenantIn(filter.asDocument())
                : null, filter != null && filter.isDocument() ? Set.copyOf(filter.asDocument().keySet()) : Set.of()));
    }

    /** How many {@code command}s were sent on {@code collection} naming {@code tenant} since the test began counting. */
    public long count(String command, String collection, String tenant) {
        return sent.stream().filter(c -> c.name().equals(command) && collection.equals(c.collection())
                && tenant.equals(c.tenant())).count();
    }

    /** The commands sent so far. */
    public List<Command> sent() {
        return List.copyOf(sent);
    }

    /** Forgets what was sent so far. */
    public void clear() {
        sent.clear();
    }

    private static BsonValue filter(String name, BsonDocument command) {
        return switch (name) {
            case "find", "count", "distinct" -> command.get("filter");
            case "findAndModify" -> command.get("query");
            case "update" -> first(command.get("updates"), "q");
            case "delete" -> first(command.get("deletes"), "q");
            case "aggregate" -> first(command.get("pipeline"), "$match");
            default -> null;
        };
    }

    private static BsonValue first(BsonValue list, String field) {
        if (list == null || !list.isArray() || ((BsonArray) list).isEmpty()) {
            return null;
        }
        BsonValue head = list.asArray().get(0);
        return head.isDocument() ? head.asDocument().get(field) : null;
    }

    /** The tenant a filter names, at the top or inside an {@code $and}. */
    private static String tenantIn(BsonDocument filter) {
        BsonValue tenant = filter.get("tenant");
        if (tenant != null && tenant.isString()) {
            return tenant.asString().getValue();
        }
        BsonValue and = filter.get("$and");
        if (and != null && and.isArray()) {
            for (BsonValue part : and.asArray()) {
                String found = part.isDocument() ? tenantIn(part.asDocument()) : null;
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
