package io.exceed.defaults.storage;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;

/** Recognises a unique-index violation, the store's way of saying "someone else got there first". */
public final class DuplicateKey {

    private DuplicateKey() {
    }

    public static boolean is(MongoException exception) {
        if (exception instanceof MongoWriteException write) {
            return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        return exception.getCode() == 11000;
    }
}
