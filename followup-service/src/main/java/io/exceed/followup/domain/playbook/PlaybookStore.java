package io.exceed.followup.domain.playbook;

import java.util.List;
import java.util.Optional;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** Where playbooks, every version of them and their round-robin turns live. */
public interface PlaybookStore {

    /** Stores a new playbook as version 1; a retried request id returns what the first request stored. */
    Playbook insert(TenantId tenant, Playbook playbook, Optional<String> requestId);

    /** Stores a shipped default unless the tenant already has the one with this key. */
    void insertDefault(TenantId tenant, String key, Playbook playbook);

    /** The latest version. */
    Optional<Playbook> find(TenantId tenant, String id);

    /** One version, as it was when it was current. */
    Optional<Playbook> findVersion(TenantId tenant, String id, int version);

    boolean hasApplied(TenantId tenant, String id, String requestId);

    /**
     * Replaces the playbook if it is still at {@code previousRevision}, keeping the definition of a
     * {@code newVersion} readable beside the earlier ones; false if someone changed it first.
     */
    boolean replace(TenantId tenant, Playbook updated, long previousRevision, boolean newVersion,
            Optional<String> requestId);

    Page<Playbook> list(TenantId tenant, PlaybookFilter filter, Optional<String> afterId, int limit);

    /**
     * The active playbooks for this kind of event: the tenant's own first, then the defaults, each oldest first, so a
     * playbook the tenant made for a reason wins over the default for it.
     */
    List<Playbook> active(TenantId tenant, EventKind kind);

    /** Takes the playbook's next round-robin turn: 0, 1, 2, … shared by every replica. */
    long takeTurn(TenantId tenant, String playbookId);

    /** The turn {@link #takeTurn} would take next, without taking it. */
    long peekTurn(TenantId tenant, String playbookId);
}
