package io.exceed.customer.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The contact log's hash chain: each entry's hash covers its content and the previous entry's hash, so
 * changing or removing any entry breaks every hash after it.
 */
public final class ContactLogChain {

    public static final String GENESIS_HASH = "0".repeat(64);

    private ContactLogChain() {
    }

    /** The entry that follows a log whose last entry has {@code sequence} and {@code hash}. */
    public static ContactLogEntry append(long previousSequence, String previousHash, ContactGrant grant) {
        long sequence = previousSequence + 1;
        return new ContactLogEntry(sequence, grant, previousHash, hash(sequence, grant, previousHash));
    }

    public static boolean isIntact(ContactLogEntry entry, long expectedSequence, String expectedPreviousHash) {
        return entry.sequence() == expectedSequence
                && entry.previousHash().equals(expectedPreviousHash)
                && entry.hash().equals(hash(entry.sequence(), entry.grant(), entry.previousHash()));
    }

    static String hash(long sequence, ContactGrant grant, String previousHash) {
        StringBuilder canonical = new StringBuilder();
        for (Object field : new Object[] { sequence, grant.reservationId(), grant.customerId(), grant.channel(),
                grant.purpose(), grant.actor(), grant.consentBasis(), grant.grantTime().toEpochMilli(), previousHash }) {
            String text = String.valueOf(field);
            // Length-prefixed, so no two different entries share a canonical form.
            canonical.append(text.length()).append(':').append(text).append(';');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
