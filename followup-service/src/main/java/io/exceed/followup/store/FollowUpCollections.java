package io.exceed.followup.store;

/**
 * The collections of followup-service's own database. Every document carries {@code tenant}; every index a
 * query uses starts with it.
 *
 * <ul>
 * <li>{@value #FOLLOW_UPS}: one document per follow-up, with its history, the next milestone's time
 * ({@code nextFireTime}) and the scheduler's lease ({@code leaseOwner}, {@code leaseUntil}).</li>
 * <li>{@value #FOLLOW_UP_EVENTS}: the tenant's event feed (due, warning, breach, escalation), keyed by event id,
 * numbered per tenant through {@value #FOLLOW_UP_EVENT_SEQUENCES}.</li>
 * <li>{@value #PLAYBOOKS}: one document per playbook, its latest definition and every version's.</li>
 * <li>{@value #PLAYBOOK_TURNS}: one round-robin counter per playbook ({@code _id} tenant/playbook id).</li>
 * <li>{@value #WEBHOOK_ENDPOINTS}: the tenants' webhook endpoints, secrets encrypted.</li>
 * <li>{@value #WEBHOOK_DELIVERIES}: one document per event and endpoint: its body, state, attempts and lease.</li>
 * </ul>
 */
public final class FollowUpCollections {

    public static final String FOLLOW_UPS = "follow_ups";
    public static final String WEBHOOK_ENDPOINTS = "webhook_endpoints";
    public static final String WEBHOOK_DELIVERIES = "webhook_deliveries";
    public static final String FOLLOW_UP_EVENTS = "follow_up_events";
    public static final String FOLLOW_UP_EVENT_SEQUENCES = "follow_up_event_sequences";
    public static final String PLAYBOOKS = "playbooks";
    public static final String PLAYBOOK_TURNS = "playbook_turns";

    private FollowUpCollections() {
    }
}
