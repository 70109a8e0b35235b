package io.exceed.followup.domain.ledger;

/** What became of one promise to a customer; see {@link PromiseLedger#judge} for the exact rules. */
public enum PromiseOutcome {
    /** Delivered more than the tolerance before the promised time. */
    BEATEN,
    /** Delivered at or before the promised time, but not beaten. */
    MET,
    /** Delivered after the promised time, or not delivered although it has passed. */
    BROKEN,
    /** Open, not delivered, the promised time still ahead. */
    PENDING,
    /** Cancelled at or before the promised time without a contact. */
    WITHDRAWN;

    public boolean isKept() {
        return this == BEATEN || this == MET;
    }
}
