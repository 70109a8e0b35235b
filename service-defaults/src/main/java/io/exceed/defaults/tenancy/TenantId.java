package io.exceed.defaults.tenancy;

import java.util.Optional;
import java.util.regex.Pattern;

/** The tenant a call acts for. Every stored document carries it and every query filters by it. */
public record TenantId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public TenantId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("tenant id must match " + FORMAT.pattern());
        }
    }

    /** The tenant named by untrusted input, if it is well-formed. */
    public static Optional<TenantId> parse(String raw) {
        return raw != null && FORMAT.matcher(raw).matches() ? Optional.of(new TenantId(raw)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
