package io.exceed.feedback.domain.unsubscribe;

import java.time.Instant;
import java.util.Optional;

/** Unsubscribe links by the SHA-256 of their token, unique across tenants: the token names the tenant. */
public interface UnsubscribeLinkStore {

    void insert(String tokenHash, UnsubscribeLink link);

    Optional<UnsubscribeLink> findByTokenHash(String tokenHash);

    /** Deletes up to {@code limit} links expired at {@code now}; returns how many. */
    int purgeExpired(Instant now, int limit);
}
