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
 * An SMTP server on loopback that refuses every recipient for good ({@code 550 5.1.1 unknown mailbox}), the way a
 * real server answers for a mailbox that does not exist; GreenMail accepts every recipient, so it cannot play this.
 */
final class RefusingSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread acceptor;

    RefusingSmtpServer() throws IOException {
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

    private static void converse(Socket connection) {
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
                        : command.startsWith("RCPT") ? "550 5.1.1 unknown mailbox"
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
