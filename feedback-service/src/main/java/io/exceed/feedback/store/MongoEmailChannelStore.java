package io.exceed.feedback.store;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;

import io.exceed.defaults.secrets.SecretCipher;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.outbound.EmailChannel;
import io.exceed.feedback.domain.outbound.EmailChannelStore;
import io.exceed.feedback.domain.outbound.EmailReminders;

/**
 * E-mail channels in {@link FeedbackCollections#EMAIL_CHANNELS}, one document per tenant ({@code _id} is the
 * tenant). The password is encrypted with {@link SecretCipher}, bound to the tenant's channel, so a database copy
 * does not give it away and a value copied to another tenant does not decrypt.
 */
public class MongoEmailChannelStore implements EmailChannelStore {

    /** SMTP passwords, each bound to its tenant's channel. */
    public static final SecretCipher.Subject PASSWORDS = new SecretCipher.Subject("SMTP password", "e-mail channel");
    private static final String OWNER = "email-channel";
    private static final String PASSWORD = "encryptedPassword";
    private static final String REMINDER_DELAY_DAYS = "reminderDelayDays";
    private static final String MAX_REMINDERS = "maxReminders";

    private final MongoCollection<Document> channels;
    private final Optional<SecretCipher> cipher;

    /** @param cipher absent when no key is configured: then no channel is ever stored (see EmailChannels) */
    public MongoEmailChannelStore(MongoDatabase database, Optional<SecretCipher> cipher) {
        this.channels = database.getCollection(FeedbackCollections.EMAIL_CHANNELS);
        this.cipher = cipher;
    }

    @Override
    public void save(TenantId tenant, EmailChannel channel, boolean keepPassword) {
        Object password = keepPassword ? stored(tenant).map(document -> document.get(PASSWORD)).orElse(null)
                : channel.password() == null ? null
                : cipher.orElseThrow().encrypt(tenant, OWNER, channel.password().getBytes(StandardCharsets.UTF_8));
        channels.replaceOne(Filters.eq("_id", tenant.value()), new Document("_id", tenant.value())
                        .append(TenantScope.TENANT_FIELD, tenant.value())
                        .append("smtpHost", channel.smtpHost())
                        .append("smtpPort", channel.smtpPort())
                        .append("starttlsRequired", channel.starttlsRequired())
                        .append("username", channel.username())
                        .append(PASSWORD, password)
                        .append("senderAddress", channel.senderAddress())
                        .append("replyToAddress", channel.replyToAddress())
                        .append(REMINDER_DELAY_DAYS, channel.reminders().delayDays())
                        .append(MAX_REMINDERS, channel.reminders().maxReminders())
                        .append("updateTime", Times.toDate(channel.updateTime())),
                new ReplaceOptions().upsert(true));
    }

    @Override
    public Optional<EmailChannel> find(TenantId tenant) {
        return stored(tenant).map(document -> {
            String encrypted = document.getString(PASSWORD);
            String password = encrypted == null ? null : new String(
                    cipher.orElseThrow(() -> new IllegalStateException("an SMTP password is stored but "
                            + "EXCEED_MAIL_SECRET_KEY is not set")).decrypt(tenant, OWNER, encrypted),
                    StandardCharsets.UTF_8);
            return EmailChannel.builder().smtpHost(document.getString("smtpHost"))
                    .smtpPort(document.getInteger("smtpPort")).starttlsRequired(document.getBoolean("starttlsRequired"))
                    .username(document.getString("username")).password(password).passwordSet(encrypted != null)
                    .senderAddress(document.getString("senderAddress"))
                    .replyToAddress(document.getString("replyToAddress")).reminders(reminders(document))
                    .updateTime(Times.toInstant(document.getDate("updateTime"))).build();
        });
    }

    @Override
    public boolean exists(TenantId tenant) {
        return channels.find(Filters.eq("_id", tenant.value())).projection(Projections.include("_id")).first() != null;
    }

    @Override
    public Optional<String> senderAddress(TenantId tenant) {
        return Optional.ofNullable(channels.find(Filters.eq("_id", tenant.value()))
                .projection(Projections.include("senderAddress")).first())
                .map(document -> document.getString("senderAddress"));
    }

    /** A channel set before reminders could be configured has the default ones. */
    private static EmailReminders reminders(Document document) {
        return document.containsKey(MAX_REMINDERS) ? new EmailReminders(document.getInteger(REMINDER_DELAY_DAYS),
                document.getInteger(MAX_REMINDERS)) : EmailReminders.DEFAULT;
    }

    private Optional<Document> stored(TenantId tenant) {
        return Optional.ofNullable(channels.find(Filters.eq("_id", tenant.value())).first());
    }
}
