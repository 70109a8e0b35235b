package io.exceed.customer.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A customer of a tenant, as stored. {@code undeliverableEmails} are marks on addresses among the profile's emails
 * that bounced for good.
 */
public record Customer(
        String id,
        CustomerProfile profile,
        RelationshipState relationship,
        CustomerState state,
        long version,
        Instant createTime,
        Instant updateTime,
        Instant latestExpectationTime,
        List<UndeliverableEmail> undeliverableEmails) {

    public Customer {
        undeliverableEmails = List.copyOf(undeliverableEmails);
    }

    public static Customer create(String id, CustomerProfile profile, Instant now) {
        return new Customer(id, profile, RelationshipState.UNRATED, CustomerState.ACTIVE, 1, now, now, null, List.of());
    }

    public boolean isErased() {
        return state == CustomerState.ERASED;
    }

    /**
     * The customer with a changed profile. Marks of addresses the new profile no longer lists are dropped, so an
     * address removed and added again is presumed deliverable, like any new address.
     */
    public Customer withProfile(CustomerProfile changed, Instant now) {
        List<UndeliverableEmail> kept = undeliverableEmails.stream()
                .filter(mark -> listed(changed, mark.address()) != null)
                .toList();
        return new Customer(id, changed, relationship, state, version + 1, createTime, now, latestExpectationTime,
                kept);
    }

    public Customer withRelationship(RelationshipState changed, Instant now) {
        return new Customer(id, profile, changed, state, version + 1, createTime, now, latestExpectationTime,
                undeliverableEmails);
    }

    /** The customer with {@code mark} added; its address must be one of the profile's emails, not yet marked. */
    public Customer withUndeliverable(UndeliverableEmail mark, Instant now) {
        List<UndeliverableEmail> marks = new ArrayList<>(undeliverableEmails);
        marks.add(mark);
        return new Customer(id, profile, relationship, state, version + 1, createTime, now, latestExpectationTime,
                marks);
    }

    /** The profile's spelling of {@code address}, compared without regard to case; null if it is not listed. */
    public String listedEmail(String address) {
        return listed(profile, address);
    }

    public boolean isUndeliverable(String address) {
        return undeliverableEmails.stream().anyMatch(mark -> sameAddress(mark.address(), address));
    }

    /** Whether the customer has e-mail addresses and mail reaches none of them. */
    public boolean isEmailUndeliverable() {
        return !profile.emails().isEmpty() && profile.emails().stream().allMatch(this::isUndeliverable);
    }

    public Customer erase(Instant now) {
        return new Customer(id, CustomerProfile.erased(), relationship, CustomerState.ERASED, version + 1, createTime,
                now, latestExpectationTime, List.of());
    }

    private static String listed(CustomerProfile profile, String address) {
        return profile.emails().stream().filter(email -> sameAddress(email, address)).findFirst().orElse(null);
    }

    /** Domains are case-insensitive and mailboxes practically so: a bounce may report either spelling. */
    private static boolean sameAddress(String one, String other) {
        return one.toLowerCase(Locale.ROOT).equals(other.toLowerCase(Locale.ROOT));
    }
}
