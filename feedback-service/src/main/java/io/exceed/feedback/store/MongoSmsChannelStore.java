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
import io.exceed.feedback.domain.outbound.SmsChannel;
import io.exceed.feedback.domain.outbound.SmsChannelStore;

/**
 * SMS channels in {@link FeedbackCollections#SMS_CHANNELS}, one document per tenant ({@code _id} is the tenant), as
 * e-mail channels are kept. The auth token is encrypted with {@link SecretCipher}, bound to the tenant's channel.
 */
public class MongoSmsChannelStore implements SmsChannelStore {

    /** Twilio auth tokens, each bound to its tenant's channel. */
    public static final SecretCipher.Subject AUTH_TOKENS = new SecretCipher.Subject("SMS auth token", "SMS channel");
    private static final String OWNER = "sms-channel";
    private static final String AUTH_TOKEN = "encryptedAuthToken";

    private final MongoCollection<Document> channels;
    private final Optional<SecretCipher> cipher;

    /** @param cipher absent when no key is configured: then no channel is ever stored (see SmsChannels) */
    public MongoSmsChannelStore(MongoDatabase database, Optional<SecretCipher> cipher) {
        this.channels = database.getCollection(FeedbackCollections.SMS_CHANNELS);
        this.cipher = cipher;
    }

    @Override
    public void save(TenantId tenant, SmsChannel channel, boolean keepToken) {
        Object token = keepToken ? stored(tenant).map(document -> document.get(AUTH_TOKEN)).orElse(null)
                : cipher.orElseThrow().encrypt(tenant, OWNER, channel.authToken().getBytes(StandardCharsets.UTF_8));
        channels.replaceOne(Filters.eq("_id", tenant.value()), new Document("_id", tenant.value())
                        .append(TenantScope.TENANT_FIELD, tenant.value())
                        .append("accountSid", channel.accountSid())
                        .append(AUTH_TOKEN, token)
                        .append("fromNumber", channel.fromNumber())
                        .append("messagingServiceSid", channel.messagingServiceSid())
                        .append("updateTime", Times.toDate(channel.updateTime())),
                new ReplaceOptions().upsert(true));
    }

    @Override
    public Optional<SmsChannel> find(TenantId tenant) {
        return stored(tenant).map(document -> {
            String encrypted = document.getString(AUTH_TOKEN);
            String token = encrypted == null ? null : new String(
                    cipher.orElseThrow(() -> new IllegalStateException("an SMS auth token is stored but "
                            + "EXCEED_MAIL_SECRET_KEY is not set")).decrypt(tenant, OWNER, encrypted),
                    StandardCharsets.UTF_8);
            return new SmsChannel(document.getString("accountSid"), token, encrypted != null,
                    document.getString("fromNumber"), document.getString("messagingServiceSid"),
                    Times.toInstant(document.getDate("updateTime")));
        });
    }

    @Override
    public boolean exists(TenantId tenant) {
        return channels.find(Filters.eq("_id", tenant.value())).projection(Projections.include("_id")).first() != null;
    }

    private Optional<Document> stored(TenantId tenant) {
        return Optional.ofNullable(channels.find(Filters.eq("_id", tenant.value())).first());
    }
}
