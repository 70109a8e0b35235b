package io.exceed.feedback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** Mail servers for the tests, on loopback only: the dispatcher really connects to what a test registers. */
final class LoopbackSmtp {

    private LoopbackSmtp() {
    }

    /** A started GreenMail SMTP server on a free loopback port. */
    static GreenMail started() {
        GreenMail smtp = new GreenMail(new ServerSetup(freePort(), InetAddress.getLoopbackAddress().getHostAddress(),
                ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp;
    }

    /** A loopback port nothing listens on (just now): a mail server that cannot be reached. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
