package io.exceed.followup.domain.ledger;

/** How the ledger's figures are broken down besides the total. */
public enum LedgerGrouping {
    NONE,
    OWNER,
    REASON,
    OWNER_AND_REASON;

    boolean byOwner() {
        return this == OWNER || this == OWNER_AND_REASON;
    }

    boolean byReason() {
        return this == REASON || this == OWNER_AND_REASON;
    }
}
