package io.exceed.feedback.client;

import io.exceed.common.v1.ContactChannel;
import io.exceed.feedback.domain.response.Channel;

/** feedback-service's channels as customer-service's contract names them (the names match after the prefix). */
final class ContactChannels {

    private ContactChannels() {
    }

    static ContactChannel toProto(Channel channel) {
        return ContactChannel.valueOf("CONTACT_CHANNEL_" + channel.name());
    }
}
