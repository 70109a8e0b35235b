package io.exceed.feedback.config;

import java.time.Clock;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.secrets.SecretCipher;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.FeedDelivery;
import io.exceed.eventing.Leases;
import io.exceed.feedback.application.MailDispatcher;
import io.exceed.feedback.application.OutboundRetention;
import io.exceed.feedback.client.CustomerContactGovernor;
import io.exceed.feedback.client.CustomerServiceConsents;
import io.exceed.feedback.client.CustomerServiceProfiles;
import io.exceed.feedback.client.SmtpMailTransport;
import io.exceed.feedback.client.TwilioSmsTransport;
import io.exceed.feedback.domain.complaint.ComplaintStore;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.outbound.EmailChannels;
import io.exceed.feedback.domain.outbound.MailTransport;
import io.exceed.feedback.domain.outbound.MessageTemplates;
import io.exceed.feedback.domain.outbound.MessageWording;
import io.exceed.feedback.domain.outbound.OutboundMessages;
import io.exceed.feedback.domain.outbound.SmsChannels;
import io.exceed.feedback.domain.outbound.SmsTransport;
import io.exceed.feedback.domain.response.ContactGovernor;
import io.exceed.feedback.domain.response.InvitationStore;
import io.exceed.feedback.domain.response.ResponseStore;
import io.exceed.feedback.domain.unsubscribe.SmsReplies;
import io.exceed.feedback.domain.unsubscribe.Unsubscribes;
import io.exceed.feedback.store.FeedbackCollections;
import io.exceed.feedback.store.MongoEmailChannelStore;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.store.MongoMessageTemplateStore;
import io.exceed.feedback.store.MongoOutboundMessageStore;
import io.exceed.feedback.store.MongoSmsChannelStore;
import io.exceed.feedback.store.MongoTextedNumberStore;
import io.exceed.feedback.store.MongoUnsubscribeLinkStore;

/**
 * The e-mail and texts the platform sends: tenants' channels and message templates, the outbound messages, the
 * feed's answers and complaints that queue thanks and acknowledgements, the dispatcher that sends them on every
 * replica (leases share the work), the unsubscribe links every e-mail carries, and the STOP replies to texts; and
 * the purge that keeps all of it within its retention.
 */
@Configuration(proxyBeanMethods = false)
public class MailConfiguration {

    private static final String CONSUMER = "outbound-mail";

    @Bean
    MongoEmailChannelStore emailChannelStore(MongoDatabase database, MailProperties properties) {
        return new MongoEmailChannelStore(database, cipher(properties, MongoEmailChannelStore.PASSWORDS));
    }

    @Bean
    MongoMessageTemplateStore messageTemplateStore(MongoDatabase database) {
        return new MongoMessageTemplateStore(database);
    }

    @Bean
    MessageTemplates messageTemplates(MongoMessageTemplateStore store, Clock clock) {
        return new MessageTemplates(store, clock);
    }

    @Bean
    MessageWording messageWording(MongoMessageTemplateStore templates) {
        return new MessageWording(templates);
    }

    @Bean
    MongoOutboundMessageStore outboundMessageStore(MongoDatabase database, MailProperties properties, Clock clock) {
        return new MongoOutboundMessageStore(database, cipher(properties, MongoOutboundMessageStore.TOKENS),
                Leases.newOwner(), clock);
    }

    @Bean
    MongoSmsChannelStore smsChannelStore(MongoDatabase database, MailProperties properties) {
        return new MongoSmsChannelStore(database, cipher(properties, MongoSmsChannelStore.AUTH_TOKENS));
    }

    @Bean
    MongoTextedNumberStore textedNumberStore(MongoDatabase database) {
        return new MongoTextedNumberStore(database);
    }

    @Bean
    SmsChannels smsChannels(MongoSmsChannelStore store, MailProperties properties, Clock clock) {
        return new SmsChannels(store, properties.hasSecretKey(), clock);
    }

    /** STOP replies, posted by the provider to the gateway's webhook, which forwards them here. */
    @Bean
    SmsReplies smsReplies(MongoSmsChannelStore channels, MongoTextedNumberStore numbers, ServiceClients clients,
            FeedbackProperties properties) {
        return new SmsReplies(channels, numbers, new CustomerServiceConsents(clients),
                properties.invitations()::smsReplyUrl);
    }

    @Bean
    SmsTransport smsTransport(SmsProperties properties, Clock clock) {
        return new TwilioSmsTransport(properties.providerBaseUrl(), properties.connectTimeout(),
                properties.timeout(), clock);
    }

    @Bean
    EmailChannels emailChannels(MongoEmailChannelStore store, MailProperties properties, Clock clock) {
        return new EmailChannels(store, properties.hasSecretKey(), clock);
    }

    @Bean
    OutboundMessages outboundMessages(MongoOutboundMessageStore store, MongoEmailChannelStore channels,
            MongoSmsChannelStore smsChannels, ResponseStore responses, ComplaintStore complaints, Clock clock) {
        return new OutboundMessages(store, channels, smsChannels, responses, complaints, clock);
    }

    /** Answers and new complaints from the feed: thanked and acknowledged by e-mail where the tenant has a channel. */
    @Bean
    FeedDelivery<FeedbackEvent> mailDelivery(MongoEventFeed feed, OutboundMessages messages, MongoDatabase database,
            DeadLetters deadLetters, MailProperties properties, Clock clock) {
        return new FeedDelivery<>(CONSUMER, feed.feed(), OutboundMessages::concernsMail, messages::onEvent,
                database.getCollection(FeedbackCollections.FEED_DELIVERIES), properties.delivery(), deadLetters,
                Leases.newOwner(), clock);
    }

    @Bean
    MongoUnsubscribeLinkStore unsubscribeLinkStore(MongoDatabase database) {
        return new MongoUnsubscribeLinkStore(database);
    }

    @Bean
    Unsubscribes unsubscribes(MongoUnsubscribeLinkStore links, InvitationStore invitations, ServiceClients clients,
            MailProperties properties, Clock clock) {
        return new Unsubscribes(links, invitations, new CustomerServiceConsents(clients),
                properties.unsubscribeLinkLifetime(), clock);
    }

    @Bean
    OutboundRetention outboundRetention(MongoOutboundMessageStore messages, MongoUnsubscribeLinkStore links,
            MailProperties properties, Clock clock) {
        return new OutboundRetention(messages, links, properties.retention(), properties.purgeBatch(), clock);
    }

    @Bean
    MailTransport mailTransport(MailProperties properties) {
        return new SmtpMailTransport(properties.connectTimeout(), properties.timeout());
    }

    @Bean
    MailDispatcher.Texts dispatcherTexts(MongoSmsChannelStore channels, SmsTransport transport,
            MongoTextedNumberStore numbers, ServiceClients clients) {
        return new MailDispatcher.Texts(channels, transport, numbers, new CustomerServiceConsents(clients));
    }

    @Bean
    MailDispatcher mailDispatcher(MongoOutboundMessageStore messages, OutboundMessages outbound,
            MongoEmailChannelStore channels, InvitationStore invitations, ComplaintStore complaints,
            ObjectProvider<ContactGovernor> governors, ServiceClients clients, MailTransport transport,
            Unsubscribes unsubscribes, MessageWording wording, MailDispatcher.Texts texts, MailProperties mail,
            FeedbackProperties properties, Clock clock) {
        Optional<ContactGovernor> governor = properties.contactGovernor().enabled()
                ? Optional.of(governors.getIfAvailable(() -> new CustomerContactGovernor(clients)))
                : Optional.empty();
        return new MailDispatcher(messages, outbound, channels, invitations, complaints,
                new CustomerServiceProfiles(clients), governor, transport, unsubscribes, wording, texts,
                new MailDispatcher.Settings(mail.batch(), mail.lease(), mail.firstBackoff(),
                        mail.maxBackoff(), mail.maxAttempts(), properties.invitations().surveyLinkBase(),
                        properties.invitations().unsubscribeLinkBase()), clock);
    }

    private static Optional<SecretCipher> cipher(MailProperties properties, SecretCipher.Subject subject) {
        return properties.hasSecretKey()
                ? Optional.of(new SecretCipher(subject, properties.secretKey(), properties.previousSecretKeys()))
                : Optional.empty();
    }
}
