package io.exceed.customer.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** The contact governor and the tenant's tamper-evident contact log. */
public class Contacts {

    static final int MAX_ACTOR = 200;
    private static final int MAX_ATTEMPTS = 20;
    private static final int VERIFY_BATCH = 500;

    private final Customers customers;
    private final ContactStore store;
    private final ContactGovernor governor;
    private final Clock clock;
    private final Supplier<String> ids;

    public Contacts(Customers customers, ContactStore store, ContactGovernor governor, Clock clock,
            Supplier<String> ids) {
        this.customers = customers;
        this.store = store;
        this.governor = governor;
        this.clock = clock;
        this.ids = ids;
    }

    /** A decision; when granted, the grant is counted and logged, and the result names its log entry. */
    public record Reservation(ContactDecision decision, ContactLogEntry logEntry) {
    }

    public Reservation reserve(TenantId tenant, ContactRequest request, Optional<String> requestId,
            Violations violations) {
        violations.require(request.channel() != null, "channel", "is required and must be a known channel");
        violations.require(request.purpose() != null, "purpose", "is required and must be a known purpose");
        String actor = request.actor() == null ? "" : request.actor().strip();
        violations.require(!actor.isEmpty() && actor.length() <= MAX_ACTOR, "actor",
                "is required, at most " + MAX_ACTOR + " characters");
        violations.throwIfAny();
        ContactRequest checked = new ContactRequest(request.customerId(), request.channel(), request.purpose(), actor);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Customer customer = customers.active(tenant, request.customerId());
            ContactStore.ContactState state = store.state(tenant, request.customerId());
            logPending(tenant, state);
            if (requestId.isPresent()) {
                Optional<ContactGrant> earlier = state.grants().stream()
                        .filter(grant -> requestId.get().equals(grant.requestId()))
                        .findFirst();
                if (earlier.isPresent()) {
                    return new Reservation(ContactDecision.granted(earlier.get()), store.appendToLog(tenant, earlier.get()));
                }
            }
            Instant now = clock.instant();
            ContactDecision decision = governor.decide(customer, state.grants(), checked, now, ids.get(),
                    requestId.orElse(null));
            if (!decision.isGranted()) {
                return new Reservation(decision, null);
            }
            if (store.addGrant(tenant, request.customerId(), state, decision.grant())) {
                ContactLogEntry entry = store.appendToLog(tenant, decision.grant());
                store.markLogged(tenant, request.customerId(), state, entry);
                return new Reservation(decision, entry);
            }
        }
        throw new FailedPreconditionException("CONTACT_CONTENTION",
                "too many concurrent reservations for this customer; retry");
    }

    /** Grants counted but not yet logged (the service stopped in between) are logged before anything else. */
    private void logPending(TenantId tenant, ContactStore.ContactState state) {
        for (ContactGrant grant : state.unlogged()) {
            store.markLogged(tenant, grant.customerId(), state, store.appendToLog(tenant, grant));
        }
    }

    /** The tenant's contact log, or one customer's part of it (which must exist in this tenant). */
    public Page<ContactLogEntry> log(TenantId tenant, Optional<String> customerId, Optional<String> after, int limit) {
        customerId.ifPresent(id -> customers.get(tenant, id));
        return store.log(tenant, customerId, after, limit);
    }

    /** The customer's latest {@code limit} contacts, newest first. */
    public List<ContactLogEntry> latest(TenantId tenant, String customerId, int limit) {
        return store.latestOf(tenant, customerId, limit);
    }

    /** Result of recomputing the chain. */
    public record Verification(boolean intact, long entriesChecked, long firstBrokenSequence, String headHash) {
    }

    public Verification verify(TenantId tenant) {
        long expectedSequence = 1;
        String previousHash = ContactLogChain.GENESIS_HASH;
        Optional<String> after = Optional.empty();
        long checked = 0;
        do {
            Page<ContactLogEntry> page = store.log(tenant, Optional.empty(), after, VERIFY_BATCH);
            for (ContactLogEntry entry : page.items()) {
                checked++;
                if (!ContactLogChain.isIntact(entry, expectedSequence, previousHash)) {
                    return new Verification(false, checked, expectedSequence, previousHash);
                }
                expectedSequence++;
                previousHash = entry.hash();
            }
            after = page.nextPosition();
        } while (after.isPresent());
        return new Verification(true, checked, 0, previousHash);
    }
}
