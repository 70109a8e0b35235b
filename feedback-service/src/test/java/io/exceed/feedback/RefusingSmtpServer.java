package io.exceed.feedback;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An SMTP server on loopback that refuses every recipient: for good ({@code 550 5.1.1 unknown mailbox}) the way a
 * real server answers for a mailbox that does not exist, or for now (a 4xx reply given) the way a greylisting or
 * overloaded one does; GreenMail accepts every recipient, so it cannot play this.
 */
final class RefusingSmtpServer implements AutoCloseable {

    static final String UNKNOWN_MAILBOX = "550 5.1.1 unknown mailbox";
    static final String TRY_LATER = "451 4.7.1 greylisted, try again later";

    private final ServerSocket socket;
    private final Thread acceptor;
    private final String recipientReply;

    RefusingSmtpServer() throws IOException {
        this(UNKNOWN_MAILBOX);
    }

    /** @param recipientReply what every RCPT TO is answered, e.g. {@link #TRY_LATER} */
    RefusingSmtpServer(String recipientReply) throws IOException {
        this.recipientReply = recipientReply;
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                Thread.ofVirtual().start(() -> converse(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket connection) {
        try (connection;
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                        StandardCharsets.US_ASCII));
                PrintWriter out = new PrintWriter(connection.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            out.print("220 refusing.test ESMTP\r\n");
            out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(Locale.ROOT);
                String reply = command.startsWith("EHLO") || command.startsWith("HELO") ? "250 refusing.test"
                        : command.startsWith("RCPT") ? recipientReply
                        : command.startsWith("QUIT") ? "221 bye"
                        : command.startsWith("DATA") ? "554 no valid recipients"
                        : "250 OK";
                out.print(reply + "\r\n");
                out.flush();
                if (command.startsWith("QUIT")) {
                    return;
                }
            }
        } catch (IOException gone) {
            // The client hung up; nothing to tell it.
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }
}
