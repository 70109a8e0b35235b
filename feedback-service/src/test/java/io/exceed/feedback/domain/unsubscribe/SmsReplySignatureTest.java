package io.exceed.feedback.domain.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Twilio's request signature, against the example in Twilio's documentation ("Webhooks security"). */
class SmsReplySignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final List<SmsReplySignature.Parameter> PARAMETERS = List.of(
            new SmsReplySignature.Parameter("Digits", "1234"),
            new SmsReplySignature.Parameter("To", "+18005551212"),
            new SmsReplySignature.Parameter("From", "+14158675309"),
            new SmsReplySignature.Parameter("Caller", "+14158675309"),
            new SmsReplySignature.Parameter("CallSid", "CA1234567890ABCDE"));
    private static final String DOCUMENTED = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    @Test
    void theDocumentedExampleSignsAsTwilioSaysWhateverTheParametersOrder() {
        assertThat(SmsReplySignature.sign(TOKEN, URL, PARAMETERS)).isEqualTo(DOCUMENTED);
        assertThat(SmsReplySignature.verify(TOKEN, URL, PARAMETERS.reversed(), DOCUMENTED)).isTrue();
    }

    @Test
    void anythingChangedOrMissingFailsVerification() {
        assertThat(SmsReplySignature.verify("54321", URL, PARAMETERS, DOCUMENTED)).isFalse();
        assertThat(SmsReplySignature.verify(TOKEN, URL.replace("https", "http"), PARAMETERS, DOCUMENTED)).isFalse();
        assertThat(SmsReplySignature.verify(TOKEN, URL, PARAMETERS.subList(1, 5), DOCUMENTED)).isFalse();
        assertThat(SmsReplySignature.verify(TOKEN, URL, PARAMETERS, "")).isFalse();
        assertThat(SmsReplySignature.verify(TOKEN, URL, PARAMETERS, null)).isFalse();
    }
}
