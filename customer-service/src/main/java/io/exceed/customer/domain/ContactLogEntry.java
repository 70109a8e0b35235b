package io.exceed.customer.domain;

/** One granted contact in the tenant's hash-chained contact log. */
public record ContactLogEntry(long sequence, ContactGrant grant, String previousHash, String hash) {
}
