package io.exceed.followup.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventType;

/** Follow-up events as the contract shows them: on the feed (with their sequence) and in webhook bodies. */
public final class FollowUpEventMapper {

    static final ProtoEnums<io.exceed.followup.v1.FollowUpEventType, FollowUpEventType> TYPES = new ProtoEnums<>(
            FollowUpEventType.class, "FOLLOW_UP_EVENT_TYPE_", io.exceed.followup.v1.FollowUpEventType.getDescriptor(),
            io.exceed.followup.v1.FollowUpEventType::valueOf);

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private FollowUpEventMapper() {
    }

    /** The event as a webhook body: the contract's message in the proto3 JSON mapping. */
    public static String toJson(FollowUpEvent event) {
        try {
            return JSON.print(toProto(event, 0));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a follow-up event cannot be printed as JSON", e);
        }
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
