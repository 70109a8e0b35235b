package io.exceed.eventing;

import java.util.List;

import io.exceed.defaults.tenancy.TenantId;

/** A tenant's feed as stored: events by sequence, with the gaps concurrent appends may leave. */
@FunctionalInterface
public interface FeedSource<E> {

    /** Up to {@code limit} entries with a sequence above {@code afterSequence}, in sequence order. */
    List<FeedEntry<E>> after(TenantId tenant, long afterSequence, int limit);
}
