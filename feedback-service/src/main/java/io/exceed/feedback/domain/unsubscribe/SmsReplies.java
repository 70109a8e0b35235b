package io.exceed.feedback.domain.unsubscribe;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.outbound.SmsChannel;
import io.exceed.feedback.domain.outbound.SmsChannelStore;
import io.exceed.feedback.domain.response.Channel;

/**
 * Replies to the platform's texts, as the tenant's SMS provider (Twilio) posts them to the gateway's webhook. The
 * provider's signature, made with the tenant's auth token over the webhook's public URL and every parameter, is the
 * only credential: a reply that does not carry the right one (or names a tenant without an SMS channel, or another
 * account) changes nothing, and the caller cannot tell which it was. An opt-out keyword withdraws the SMS consent of
 * every customer of the tenant texted at the sender's number: the number names no customer, and whoever holds it
 * asked for no more texts from this sender.
 */
public final class SmsReplies {

    /** What customer-service records as the withdrawal's source. */
    public static final String SOURCE = "sms-stop";
    /** Twilio's opt-out keywords, which it also honours itself for the sender. */
    private static final Set<String> OPT_OUT_KEYWORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END",
            "QUIT");
    private static final Pattern MESSAGE_SID = Pattern.compile("[A-Za-z0-9]{1,64}");

    /** What became of a reply. */
    public enum Outcome {
        /** Not signed by the tenant's account (or no such channel): nothing changed. */
        REFUSED,
        /** Signed, not an opt-out: nothing changed. */
        IGNORED,
        /** Signed opt-out: the SMS consent of the customers texted at the number is withdrawn. */
        OPTED_OUT
    }

    private final SmsChannelStore channels;
    private final TextedNumberStore numbers;
    private final ContactConsents consents;
    private final Function<TenantId, String> webhookUrl;

    /** @param webhookUrl the public URL the provider calls for a tenant's replies, which its signature covers */
    public SmsReplies(SmsChannelStore channels, TextedNumberStore numbers, ContactConsents consents,
            Function<TenantId, String> webhookUrl) {
        this.channels = channels;
        this.numbers = numbers;
        this.consents = consents;
        this.webhookUrl = webhookUrl;
    }

    /**
     * @param tenant as the webhook URL names it; null when it names none that could exist
     * @throws RuntimeException when customer-service cannot be told of a withdrawal (nothing is lost: the provider
     *                          or the customer's next STOP tells it again)
     */
    public Outcome receive(TenantId tenant, List<SmsReplySignature.Parameter> parameters, String signature) {
        Optional<SmsChannel> channel = tenant == null ? Optional.empty() : channels.find(tenant);
        if (channel.isEmpty() || channel.get().authToken() == null
                || !SmsReplySignature.verify(channel.get().authToken(), webhookUrl.apply(tenant), parameters,
                        signature)
                || !channel.get().accountSid().equals(value(parameters, "AccountSid"))) {
            return Outcome.REFUSED;
        }
        if (!optsOut(parameters)) {
            return Outcome.IGNORED;
        }
        String from = value(parameters, "From");
        // Keyed by the reply: the provider's retry of this one withdraws nothing twice.
        String reply = value(parameters, "MessageSid");
        String requestId = "sms-stop:" + (MESSAGE_SID.matcher(reply).matches() ? reply : TimeOrderedIds.next());
        for (String customerId : numbers.customersAt(tenant, from)) {
            consents.withdraw(tenant, customerId, Channel.SMS, SOURCE, requestId);
        }
        return Outcome.OPTED_OUT;
    }

    private static boolean optsOut(List<SmsReplySignature.Parameter> parameters) {
        return "STOP".equalsIgnoreCase(value(parameters, "OptOutType"))
                || OPT_OUT_KEYWORDS.contains(value(parameters, "Body").strip().toUpperCase(Locale.ROOT));
    }

    private static String value(List<SmsReplySignature.Parameter> parameters, String name) {
        return parameters.stream().filter(parameter -> parameter.name().equals(name)).findFirst()
                .map(SmsReplySignature.Parameter::value).orElse("");
    }
}
