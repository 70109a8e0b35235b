package io.exceed.customer.domain;

import java.time.Instant;

/** Something that happened in the relationship. */
public record TimelineEvent(String id, String customerId, Instant occurTime, Instant recordTime, Detail detail) {

    /** What happened; null when the caller sent none. */
    public sealed interface Detail permits OrderPlaced, ContractChange, StaffNote {
    }

    /** An order the customer placed. */
    public record OrderPlaced(String orderReference, Money value) implements Detail {
    }

    /** A change to the customer's contract; a null kind is one that is not known. */
    public record ContractChange(ContractEventKind kind, String contractReference, String details) implements Detail {
    }

    /** A note written by staff. */
    public record StaffNote(String text, String author) implements Detail {
    }
}
