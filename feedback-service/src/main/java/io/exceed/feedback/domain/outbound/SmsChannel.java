package io.exceed.feedback.domain.outbound;

import java.time.Instant;

/**
 * A tenant's Twilio account, which texts are sent through. {@code authToken} is the plain text only on the way in
 * (an update) and on the way to the provider; it is stored encrypted and never shown. Exactly one of
 * {@code fromNumber} and {@code messagingServiceSid} is set.
 *
 * @param fromNumber          E.164, e.g. +46701234567; empty when a Messaging Service sends
 * @param messagingServiceSid MG and 32 hex digits; empty when a number sends
 */
public record SmsChannel(String accountSid, String authToken, boolean authTokenSet, String fromNumber,
        String messagingServiceSid, Instant updateTime) {

    /** The channel as shown: everything but the auth token. */
    public SmsChannel withoutAuthToken() {
        return new SmsChannel(accountSid, null, authTokenSet, fromNumber, messagingServiceSid, updateTime);
    }

    public SmsChannel withAuthTokenSet(boolean set, Instant time) {
        return new SmsChannel(accountSid, authToken, set, fromNumber, messagingServiceSid, time);
    }
}
