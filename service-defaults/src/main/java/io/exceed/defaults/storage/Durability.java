package io.exceed.defaults.storage;

/**
 * What the embedded store has done with a write by the time it acknowledges it ({@code EXCEED_STORAGE_DURABILITY}).
 * MongoDB decides this itself, by the connection string's write concern.
 */
public enum Durability {

    /**
     * Committed to the store's file (handed to the operating system) before the reply: a crash of the service's
     * process loses no acknowledged write; a crash of the machine may lose what the operating system had not yet
     * written to the disk.
     */
    WRITTEN,

    /** Committed and forced to the disk (fsync) before the reply: a power loss loses no acknowledged write. */
    SYNCED,

    /**
     * Committed by H2 in the background, about once a second: fastest, but a crash loses the writes acknowledged
     * since the last commit.
     */
    DEFERRED
}
