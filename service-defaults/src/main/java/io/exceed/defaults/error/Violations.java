package io.exceed.defaults.error;

import java.util.ArrayList;
import java.util.List;

/** Collects every invalid field of a request, so the caller learns all of them in one answer. */
public final class Violations {

    private final List<FieldViolation> found = new ArrayList<>();

    public Violations add(String field, String description) {
        found.add(new FieldViolation(field, description));
        return this;
    }

    /** Records a violation unless {@code valid}. */
    public Violations require(boolean valid, String field, String description) {
        if (!valid) {
            add(field, description);
        }
        return this;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** Throws {@link InvalidArgumentException} naming every violation found so far. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidArgumentException(found);
        }
    }
}
