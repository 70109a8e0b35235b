package io.exceed.feedback.domain.outbound;

import java.util.regex.Pattern;

import io.exceed.defaults.error.Violations;

/**
 * What a tenant's SMS channel must be before it is stored, each field's fault named: Twilio's identifiers have
 * fixed shapes, so a mistyped one is refused when it is set rather than by the first text that cannot go.
 */
public final class SmsChannelRules {

    private static final String PREFIX = "sms_channel.";
    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern MESSAGING_SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");
    /** Printable, without white space: a token pasted with a line break or a space is a mistake. */
    private static final Pattern AUTH_TOKEN = Pattern.compile("[\\x21-\\x7e]{1,256}");

    private SmsChannelRules() {
    }

    /**
     * The channel as it will be stored (trimmed), or the violations thrown.
     *
     * @param tokenStored whether a token is stored for the same account, so an update may leave it out
     */
    public static SmsChannel check(SmsChannel channel, boolean tokenStored, Violations violations) {
        String accountSid = strip(channel.accountSid());
        if (accountSid.isEmpty()) {
            violations.add(PREFIX + "account_sid", "is required");
        } else {
            violations.require(ACCOUNT_SID.matcher(accountSid).matches(), PREFIX + "account_sid",
                    "must be AC followed by 32 hexadecimal digits");
        }
        String token = channel.authToken() == null ? "" : channel.authToken();
        if (token.isEmpty()) {
            violations.require(tokenStored, PREFIX + "auth_token",
                    "is required when the channel is first set or account_sid changes");
        } else {
            violations.require(AUTH_TOKEN.matcher(token).matches(), PREFIX + "auth_token",
                    "must be 1 to 256 printable characters without spaces");
        }
        String from = strip(channel.fromNumber());
        String service = strip(channel.messagingServiceSid());
        if (from.isEmpty() == service.isEmpty()) {
            violations.add(PREFIX + "from_number", "exactly one of from_number and messaging_service_sid is required");
        } else if (!from.isEmpty()) {
            violations.require(PhoneNumbers.isE164(from), PREFIX + "from_number",
                    "must be an E.164 number: + and the country code, up to 15 digits, e.g. +46701234567");
        } else {
            violations.require(MESSAGING_SERVICE_SID.matcher(service).matches(), PREFIX + "messaging_service_sid",
                    "must be MG followed by 32 hexadecimal digits");
        }
        violations.throwIfAny();
        return new SmsChannel(accountSid, token.isEmpty() ? null : token, !token.isEmpty(), from, service,
                channel.updateTime());
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
