package io.exceed.followup.domain.schedule;

import java.time.Instant;
import java.util.List;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.followup.ContactChannel;
import io.exceed.followup.domain.followup.FollowUp;

/**
 * customer-service's contact governor (consent, quiet hours, contact budget), asked before a follow-up becomes due,
 * which is when its owner is told to contact the customer.
 */
public interface ContactGovernor {

    /**
     * Reserves the contact the follow-up's owner is about to make, at {@code now}.
     *
     * @throws Unavailable when the governor cannot be asked now (down, breaker open, deadline)
     */
    Decision reserve(TenantId tenant, FollowUp followUp, Instant now);

    /** What the governor said. */
    sealed interface Decision {
    }

    /** The contact may be made now. */
    record Granted() implements Decision {
    }

    /** Not now (quiet hours, budget): not before {@code until}. */
    record Deferred(Instant until, String reason) implements Decision {
    }

    /**
     * Never on this channel (no consent for it, no e-mail address mail reaches, or no such customer).
     * {@code allowedChannels} are the other channels the customer allows, in the customer's order; empty when there
     * is none.
     */
    record Refused(String reason, List<ContactChannel> allowedChannels) implements Decision {

        public Refused {
            allowedChannels = List.copyOf(allowedChannels);
        }
    }

    /**
     * The governor refused the request itself (an argument it does not accept): asking again gets the same answer
     * until someone fixes the cause, so a person must be told.
     */
    record Rejected(String reason) implements Decision {
    }

    /** The governor could not be asked; nothing was granted. */
    final class Unavailable extends RuntimeException {

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
