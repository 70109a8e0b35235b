package io.exceed.feedback.domain.unsubscribe;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}): Base64 of the HMAC-SHA1, keyed with the account's auth
 * token, of the full URL Twilio called followed by each POST parameter's name and value, sorted by name (then value,
 * for a name given twice). Compared in constant time.
 */
public final class SmsReplySignature {

    private static final String HMAC = "HmacSHA1";

    /** A posted form parameter, as posted. */
    public record Parameter(String name, String value) {
    }

    private SmsReplySignature() {
    }

    public static String sign(String authToken, String url, List<Parameter> parameters) {
        StringBuilder data = new StringBuilder(url);
        parameters.stream()
                .sorted(Comparator.comparing(Parameter::name).thenComparing(Parameter::value))
                .forEach(parameter -> data.append(parameter.name()).append(parameter.value()));
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException unavailable) {
            throw new IllegalStateException("HMAC-SHA1 is unavailable", unavailable);
        }
    }

    /** Whether {@code signature} is the one the auth token gives the request; false for a missing one. */
    public static boolean verify(String authToken, String url, List<Parameter> parameters, String signature) {
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(sign(authToken, url, parameters).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }
}
