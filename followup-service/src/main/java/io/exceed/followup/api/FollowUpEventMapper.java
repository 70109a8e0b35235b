package io.exceed.followup.api;

import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventType;

/** Follow-up events as the contract shows them: on the feed (with their sequence) and in webhook bodies. */
public final class FollowUpEventMapper {

    static final ProtoEnums<io.exceed.followup.v1.FollowUpEventType, FollowUpEventType> TYPES = new ProtoEnums<>(
            FollowUpEventType.class, "FOLLOW_UP_EVENT_TYPE_", io.exceed.followup.v1.FollowUpEventType.getDescriptor(),
            io.exceed.followup.v1.FollowUpEventType::valueOf);

    private FollowUpEventMapper() {
    }

    /** The event at {@code sequence} in the tenant's feed; 0 where it is not read from the feed. */
    public static io.exceed.followup.v1.FollowUpEvent toProto(FollowUpEvent event, long sequence) {
        io.exceed.followup.v1.FollowUpEvent.Builder proto = io.exceed.followup.v1.FollowUpEvent.newBuilder()
                .setId(event.id())
                .setSequence(sequence)
                .setType(TYPES.toProto(event.type()))
                .setFollowUp(FollowUpMapper.toProto(event.followUp()))
                .setOccurTime(ProtoTimes.timestamp(event.occurTime()));
        if (event.escalationTarget() != null) {
            proto.setEscalationTarget(event.escalationTarget());
        }
        return proto.build();
    }
}
