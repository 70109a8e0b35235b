package io.exceed.followup;

import java.time.Duration;
import java.time.Instant;

import com.google.protobuf.Timestamp;

import io.exceed.common.v1.ContactChannel;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpReason;
import io.exceed.followup.v1.Outcome;

/** Valid follow-ups and outcomes for tests to start from and spoil one field at a time. */
final class FollowUpFixtures {

    private FollowUpFixtures() {
    }

    /** Due in 2 h, promised in 4 h, SLA 24 h, relative to {@code now}; no contact window. */
    static FollowUp.Builder followUp(Instant now, String sourceReference) {
        return FollowUp.newBuilder()
                .setCustomerId("cust-1")
                .setReason(FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY)
                .setSourceReference(sourceReference)
                .setOwner("anna@example.com")
                .setChannel(ContactChannel.CONTACT_CHANNEL_PHONE)
                .setDueTime(at(now.plus(Duration.ofHours(2))))
                .setPromisedTime(at(now.plus(Duration.ofHours(4))))
                .setSla(duration(Duration.ofHours(24)));
    }

    static Outcome.Builder outcome() {
        return Outcome.newBuilder()
                .setNotes("Called, apologised, replaced the broken part.")
                .setTrustRestored(true)
                .setGoodwillGesture("Free delivery on the next order")
                .setCustomerSatisfied(true);
    }

    static Timestamp at(Instant instant) {
        return ProtoTimes.timestamp(instant);
    }

    static com.google.protobuf.Duration duration(Duration duration) {
        return ProtoTimes.duration(duration);
    }
}
