package io.exceed.followup.store;

/**
 * The collections of followup-service's own database. Every document carries {@code tenant}; every index a
 * query uses starts with it.
 *
 * <ul>
 * <li>{@value #FOLLOW_UPS}: one document per follow-up, with its history, the next milestone's time
 * ({@code nextFireTime}) and the scheduler's lease ({@code leaseOwner}, {@code leaseUntil}).</li>
 * </ul>
 */
public final class FollowUpCollections {

    public static final String FOLLOW_UPS = "follow_ups";

    private FollowUpCollections() {
    }
}
