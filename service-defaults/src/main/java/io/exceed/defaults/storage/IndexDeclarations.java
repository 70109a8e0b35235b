package io.exceed.defaults.storage;

import com.mongodb.client.MongoDatabase;

/**
 * A service's indexes, declared in one place (its store's collections class) and created once at start-up, before
 * the service takes calls; creating an index that exists changes nothing.
 */
@FunctionalInterface
public interface IndexDeclarations {

    void create(MongoDatabase database, ExactKeyIndexes indexes);
}
