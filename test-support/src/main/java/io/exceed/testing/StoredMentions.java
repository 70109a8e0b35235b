package io.exceed.testing;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;

import com.mongodb.client.MongoDatabase;

/** What a service stored, read back with the driver: for proving that personal data is gone from every collection. */
public final class StoredMentions {

    private StoredMentions() {
    }

    /** Every document of the tenant, in any collection of the database, that mentions any of {@code needles}. */
    public static List<String> of(MongoDatabase database, String tenant, String... needles) {
        List<String> found = new ArrayList<>();
        for (String collection : database.listCollectionNames()) {
            for (Document document : database.getCollection(collection).find(new Document("tenant", tenant))) {
                String json = document.toJson();
                for (String needle : needles) {
                    if (json.contains(needle)) {
                        found.add(collection + " holds '" + needle + "': " + json);
                    }
                }
            }
        }
        return found;
    }
}
