package io.exceed.defaults.error;

/**
 * The resource changed since the caller read it (optimistic concurrency). Maps to ABORTED: the caller
 * re-reads and retries.
 */
public final class VersionConflictException extends DomainException {

    private final long expectedVersion;
    private final long actualVersion;

    public VersionConflictException(long expectedVersion, long actualVersion) {
        super("VERSION_MISMATCH", "expected version " + expectedVersion + " but the current version is "
                + actualVersion + ": re-read and retry");
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long actualVersion() {
        return actualVersion;
    }
}
