package io.exceed.feedback;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * WireMock playing Twilio's API on loopback, one for the test run: every test context points
 * {@code exceed.feedback.sms.provider-base-url} at it, so no test texts through a real provider.
 */
final class LoopbackTwilio {

    private static WireMockServer server;

    private LoopbackTwilio() {
    }

    static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
            server.start();
        }
        return server;
    }

    static String baseUrl() {
        return "http://127.0.0.1:" + server().port();
    }
}
