package io.exceed.customer.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A customer of a tenant, as stored. {@code undeliverableEmails} and {@code undeliverablePhones} are marks on
 * addresses among the profile's emails, and numbers among its phones, that messages (e-mails, texts) cannot reach.
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
        List<UndeliverableAddress> undeliverableEmails,
        List<UndeliverableAddress> undeliverablePhones) {

    public Customer {
        undeliverableEmails = List.copyOf(undeliverableEmails);
        undeliverablePhones = List.copyOf(undeliverablePhones);
    }

    public static Customer create(String id, CustomerProfile profile, Instant now) {
        return new Customer(id, profile, RelationshipState.UNRATED, CustomerState.ACTIVE, 1, now, now, null, List.of(),
                List.of());
    }

    public boolean isErased() {
        return state == CustomerState.ERASED;
    }

    /**
     * The customer with a changed profile. Marks of addresses and numbers the new profile no longer lists are
     * dropped, so one removed and added again is presumed deliverable, like any new one.
     */
    public Customer withProfile(CustomerProfile changed, Instant now) {
        return new Customer(id, changed, relationship, state, version + 1, createTime, now, latestExpectationTime,
                stillListed(undeliverableEmails, changed, Channel.EMAIL),
                stillListed(undeliverablePhones, changed, Channel.SMS));
    }

    public Customer withRelationship(RelationshipState changed, Instant now) {
        return new Customer(id, profile, changed, state, version + 1, createTime, now, latestExpectationTime,
                undeliverableEmails, undeliverablePhones);
    }

    /**
     * The customer with {@code mark} added on {@code channel} (e-mail or SMS); its address must be one the profile
     * lists for the channel, not yet marked.
     */
    public Customer withUndeliverable(Channel channel, UndeliverableAddress mark, Instant now) {
        List<UndeliverableAddress> emails = new ArrayList<>(undeliverableEmails);
        List<UndeliverableAddress> phones = new ArrayList<>(undeliverablePhones);
        (channel == Channel.SMS ? phones : emails).add(mark);
        return new Customer(id, profile, relationship, state, version + 1, createTime, now, latestExpectationTime,
                emails, phones);
    }

    /**
     * The profile's spelling of {@code address} among its addresses on {@code channel}; null if it is not listed.
     * Phone numbers must come normalised (E.164), as the profile keeps them.
     */
    public String listedAddress(Channel channel, String address) {
        return listed(profile, channel, address);
    }

    public boolean isUndeliverable(Channel channel, String address) {
        return undeliverable(channel).stream().anyMatch(mark -> sameAddress(channel, mark.address(), address));
    }

    /**
     * Whether the customer has addresses on {@code channel} and messages reach none of them; false for channels
     * without addresses of their own (calls are not governed by what texts learn of a number).
     */
    public boolean isUndeliverable(Channel channel) {
        List<String> addresses = addresses(profile, channel);
        return !addresses.isEmpty() && addresses.stream().allMatch(address -> isUndeliverable(channel, address));
    }

    public Customer erase(Instant now) {
        return new Customer(id, CustomerProfile.erased(), relationship, CustomerState.ERASED, version + 1, createTime,
                now, latestExpectationTime, List.of(), List.of());
    }

    private List<UndeliverableAddress> undeliverable(Channel channel) {
        return switch (channel) {
            case EMAIL -> undeliverableEmails;
            case SMS -> undeliverablePhones;
            default -> List.of();
        };
    }

    private static List<String> addresses(CustomerProfile profile, Channel channel) {
        return switch (channel) {
            case EMAIL -> profile.emails();
            case SMS -> profile.phones();
            default -> List.of();
        };
    }

    private static List<UndeliverableAddress> stillListed(List<UndeliverableAddress> marks, CustomerProfile changed,
            Channel channel) {
        return marks.stream().filter(mark -> listed(changed, channel, mark.address()) != null).toList();
    }

    private static String listed(CustomerProfile profile, Channel channel, String address) {
        return addresses(profile, channel).stream().filter(listed -> sameAddress(channel, listed, address))
                .findFirst().orElse(null);
    }

    /**
     * E-mail domains are case-insensitive and mailboxes practically so: a bounce may report either spelling. Phone
     * numbers are compared in their E.164 form.
     */
    private static boolean sameAddress(Channel channel, String one, String other) {
        return channel == Channel.EMAIL ? one.toLowerCase(Locale.ROOT).equals(other.toLowerCase(Locale.ROOT))
                : one.equals(other);
    }
}
