package io.exceed.feedback.api;

import static io.exceed.defaults.api.UnaryCalls.reply;

import org.springframework.stereotype.Service;

import io.exceed.defaults.api.PageRequest;
import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.paging.Page;
import io.exceed.common.v1.ContactChannel;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.config.FeedbackProperties;
import io.exceed.feedback.domain.outbound.EmailChannel;
import io.exceed.feedback.domain.outbound.EmailChannels;
import io.exceed.feedback.domain.outbound.EmailReminders;
import io.exceed.feedback.domain.outbound.MessageTemplate;
import io.exceed.feedback.domain.outbound.MessageTemplates;
import io.exceed.feedback.domain.outbound.OutboundMessage;
import io.exceed.feedback.domain.outbound.OutboundMessages;
import io.exceed.feedback.domain.outbound.SmsChannel;
import io.exceed.feedback.domain.outbound.SmsChannels;
import io.exceed.feedback.v1.DeleteMessageTemplateRequest;
import io.exceed.feedback.v1.DeleteMessageTemplateResponse;
import io.exceed.feedback.v1.GetEmailChannelRequest;
import io.exceed.feedback.v1.GetMessageTemplateRequest;
import io.exceed.feedback.v1.GetSmsChannelRequest;
import io.exceed.feedback.v1.ListMessageTemplatesRequest;
import io.exceed.feedback.v1.ListMessageTemplatesResponse;
import io.exceed.feedback.v1.ListOutboundMessagesRequest;
import io.exceed.feedback.v1.ListOutboundMessagesResponse;
import io.exceed.feedback.v1.OutboundMessageKind;
import io.exceed.feedback.v1.OutboundMessageState;
import io.exceed.feedback.v1.OutboundServiceGrpc;
import io.exceed.feedback.v1.UpdateEmailChannelRequest;
import io.exceed.feedback.v1.UpdateMessageTemplateRequest;
import io.exceed.feedback.v1.UpdateSmsChannelRequest;
import io.grpc.stub.StreamObserver;

/** The OutboundService contract over gRPC: maps messages to the domain and back, nothing more. */
@Service
public class OutboundGrpcService extends OutboundServiceGrpc.OutboundServiceImplBase {

    private static final ProtoEnums<OutboundMessageKind, io.exceed.feedback.domain.outbound.OutboundMessageKind> KINDS =
            new ProtoEnums<>(io.exceed.feedback.domain.outbound.OutboundMessageKind.class, "OUTBOUND_MESSAGE_KIND_",
                    OutboundMessageKind.getDescriptor(), OutboundMessageKind::valueOf);

    private final EmailChannels channels;
    private final MessageTemplates templates;
    private final SmsChannels smsChannels;
    private final OutboundMessages messages;
    private final FeedbackProperties properties;

    public OutboundGrpcService(EmailChannels channels, SmsChannels smsChannels, MessageTemplates templates,
            OutboundMessages messages, FeedbackProperties properties) {
        this.channels = channels;
        this.smsChannels = smsChannels;
        this.templates = templates;
        this.messages = messages;
        this.properties = properties;
    }

    @Override
    public void updateEmailChannel(UpdateEmailChannelRequest request,
            StreamObserver<io.exceed.feedback.v1.EmailChannel> response) {
        var channel = request.getEmailChannel();
        EmailChannel updated = channels.update(CurrentTenant.get(), EmailChannel.builder()
                .smtpHost(channel.getSmtpHost()).smtpPort(channel.getSmtpPort())
                .starttlsRequired(channel.getStarttlsRequired()).username(channel.getUsername())
                .password(channel.getPassword()).senderAddress(channel.getSenderAddress())
                .replyToAddress(channel.getReplyToAddress())
                .reminders(channel.hasReminders() ? new EmailReminders(channel.getReminders().getDelayDays(),
                        channel.getReminders().getMaxReminders()) : null)
                .build(), new Violations());
        reply(response, toProto(updated));
    }

    @Override
    public void getEmailChannel(GetEmailChannelRequest request,
            StreamObserver<io.exceed.feedback.v1.EmailChannel> response) {
        reply(response, toProto(channels.get(CurrentTenant.get())));
    }

    @Override
    public void updateSmsChannel(UpdateSmsChannelRequest request,
            StreamObserver<io.exceed.feedback.v1.SmsChannel> response) {
        var channel = request.getSmsChannel();
        TenantId tenant = CurrentTenant.get();
        SmsChannel updated = smsChannels.update(tenant, new SmsChannel(channel.getAccountSid(),
                channel.getAuthToken(), false, channel.getFromNumber(), channel.getMessagingServiceSid(), null),
                new Violations());
        reply(response, toProto(tenant, updated));
    }

    @Override
    public void getSmsChannel(GetSmsChannelRequest request,
            StreamObserver<io.exceed.feedback.v1.SmsChannel> response) {
        TenantId tenant = CurrentTenant.get();
        reply(response, toProto(tenant, smsChannels.get(tenant)));
    }

    @Override
    public void listOutboundMessages(ListOutboundMessagesRequest request,
            StreamObserver<ListOutboundMessagesResponse> response) {
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                TimeOrderedIds::isId);
        Page<OutboundMessage> page = messages.list(CurrentTenant.get(), request.getCustomerId(),
                request.getInvitationId(), paging.after(), paging.size(), new Violations());
        reply(response, ListOutboundMessagesResponse.newBuilder()
                .addAllOutboundMessages(page.items().stream().map(OutboundGrpcService::toProto).toList())
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
    }

    @Override
    public void updateMessageTemplate(UpdateMessageTemplateRequest request,
            StreamObserver<io.exceed.feedback.v1.MessageTemplate> response) {
        var template = request.getMessageTemplate();
        Violations violations = new Violations();
        // The path names the template; a body that names another is a mistake, not something to pick from.
        violations.require(template.getChannelValue() == 0 || template.getChannel() == request.getChannel(),
                "message_template.channel", "must be left out or be the request's channel");
        violations.require(template.getKindValue() == 0 || template.getKind() == request.getKind(),
                "message_template.kind", "must be left out or be the request's kind");
        violations.require(template.getLanguage().isEmpty() || template.getLanguage().equals(request.getLanguage()),
                "message_template.language", "must be left out or be the request's language");
        MessageTemplate.Key key = key(request.getChannel(), request.getKind(), request.getLanguage());
        MessageTemplate updated = templates.update(CurrentTenant.get(), new MessageTemplate(key.channel(),
                key.kind(), key.language(), template.getSubject().isEmpty() ? null : template.getSubject(),
                template.getText(), template.getHtml().isEmpty() ? null : template.getHtml(), null), violations);
        reply(response, toProto(updated));
    }

    @Override
    public void getMessageTemplate(GetMessageTemplateRequest request,
            StreamObserver<io.exceed.feedback.v1.MessageTemplate> response) {
        reply(response, toProto(templates.get(CurrentTenant.get(),
                key(request.getChannel(), request.getKind(), request.getLanguage()))));
    }

    @Override
    public void listMessageTemplates(ListMessageTemplatesRequest request,
            StreamObserver<ListMessageTemplatesResponse> response) {
        TenantId tenant = CurrentTenant.get();
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                position -> templates.isPosition(tenant, position));
        Page<MessageTemplate> page = templates.list(tenant, paging.after(), paging.size());
        reply(response, ListMessageTemplatesResponse.newBuilder()
                .addAllMessageTemplates(page.items().stream().map(OutboundGrpcService::toProto).toList())
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
    }

    @Override
    public void deleteMessageTemplate(DeleteMessageTemplateRequest request,
            StreamObserver<DeleteMessageTemplateResponse> response) {
        templates.delete(CurrentTenant.get(), key(request.getChannel(), request.getKind(), request.getLanguage()));
        reply(response, DeleteMessageTemplateResponse.getDefaultInstance());
    }

    private static MessageTemplate.Key key(io.exceed.common.v1.ContactChannel channel, OutboundMessageKind kind,
            String language) {
        return new MessageTemplate.Key(SurveyMapper.CHANNELS.toDomain(channel), KINDS.toDomain(kind), language);
    }

    private static io.exceed.feedback.v1.MessageTemplate toProto(MessageTemplate template) {
        return io.exceed.feedback.v1.MessageTemplate.newBuilder()
                .setChannel(SurveyMapper.CHANNELS.toProto(template.channel()))
                .setKind(KINDS.toProto(template.kind()))
                .setLanguage(template.language())
                .setSubject(template.subject() == null ? "" : template.subject())
                .setText(template.text())
                .setHtml(template.html() == null ? "" : template.html())
                .setUpdateTime(ProtoTimes.timestamp(template.updateTime()))
                .build();
    }

    private static io.exceed.feedback.v1.EmailChannel toProto(EmailChannel channel) {
        return io.exceed.feedback.v1.EmailChannel.newBuilder()
                .setSmtpHost(channel.smtpHost())
                .setSmtpPort(channel.smtpPort())
                .setStarttlsRequired(channel.starttlsRequired())
                .setUsername(channel.username() == null ? "" : channel.username())
                .setPasswordSet(channel.passwordSet())
                .setSenderAddress(channel.senderAddress())
                .setReplyToAddress(channel.replyToAddress() == null ? "" : channel.replyToAddress())
                .setUpdateTime(ProtoTimes.timestamp(channel.updateTime()))
                .setReminders(io.exceed.feedback.v1.EmailReminders.newBuilder()
                        .setDelayDays(channel.reminders().delayDays())
                        .setMaxReminders(channel.reminders().maxReminders()))
                .build();
    }

    private io.exceed.feedback.v1.SmsChannel toProto(TenantId tenant, SmsChannel channel) {
        return io.exceed.feedback.v1.SmsChannel.newBuilder()
                .setAccountSid(channel.accountSid())
                .setAuthTokenSet(channel.authTokenSet())
                .setFromNumber(channel.fromNumber() == null ? "" : channel.fromNumber())
                .setMessagingServiceSid(channel.messagingServiceSid() == null ? "" : channel.messagingServiceSid())
                .setUpdateTime(ProtoTimes.timestamp(channel.updateTime()))
                .setReplyWebhookUrl(properties.invitations().smsReplyUrl(tenant))
                .build();
    }

    private static io.exceed.feedback.v1.OutboundMessage toProto(OutboundMessage message) {
        var proto = io.exceed.feedback.v1.OutboundMessage.newBuilder()
                .setId(message.id())
                .setCustomerId(message.customerId())
                .setInvitationId(message.invitationId() == null ? "" : message.invitationId())
                .setComplaintId(message.complaintId() == null ? "" : message.complaintId())
                .setReminderNumber(message.reminderNumber())
                .setKind(KINDS.toProto(message.kind()))
                .setState(OutboundMessageState.valueOf("OUTBOUND_MESSAGE_STATE_" + message.state().name()))
                .setReason(message.reason() == null ? "" : message.reason())
                .setAttempts(message.attempts())
                .setLanguage(message.language() == null ? "" : message.language())
                .setCreateTime(ProtoTimes.timestamp(message.createTime()))
                .setChannel(message.channel() == null ? ContactChannel.CONTACT_CHANNEL_EMAIL
                        : SurveyMapper.CHANNELS.toProto(message.channel()));
        if (message.nextAttemptTime() != null && !message.state().isFinal()) {
            proto.setNextAttemptTime(ProtoTimes.timestamp(message.nextAttemptTime()));
        }
        if (message.sendTime() != null) {
            proto.setSendTime(ProtoTimes.timestamp(message.sendTime()));
        }
        return proto.build();
    }
}
