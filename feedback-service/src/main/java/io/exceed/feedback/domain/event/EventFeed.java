package io.exceed.feedback.domain.event;

import java.util.List;

import io.exceed.defaults.tenancy.TenantId;

/** The tenant's event feed as stored: events by sequence, with the gaps the relay may leave. */
public interface EventFeed {

    /** Up to {@code limit} events with a sequence above {@code afterSequence}, in sequence order. */
    List<SequencedEvent> after(TenantId tenant, long afterSequence, int limit);
}
