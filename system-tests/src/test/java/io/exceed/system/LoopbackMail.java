package io.exceed.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) on a free loopback port, for the tenants' e-mail channels in the system tests: the
 * platform really sends, and only to this machine.
 */
final class LoopbackMail implements AutoCloseable {

    private final GreenMail smtp;

    private LoopbackMail(GreenMail smtp) {
        this.smtp = smtp;
    }

    static LoopbackMail started() throws IOException {
        GreenMail smtp;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            smtp = new GreenMail(new ServerSetup(socket.getLocalPort(),
                    InetAddress.getLoopbackAddress().getHostAddress(), ServerSetup.PROTOCOL_SMTP));
        }
        smtp.start();
        return new LoopbackMail(smtp);
    }

    int port() {
        return smtp.getSmtp().getPort();
    }

    /** The e-mails received for {@code address}, in the order they arrived. */
    List<MimeMessage> to(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> {
            try {
                return message.getAllRecipients()[0].toString().equals(address);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The token of the survey link ({@code gatewayUrl/s/<token>}) in the e-mail's plain text, or null if none. */
    static String surveyLinkToken(MimeMessage message, String gatewayUrl) {
        Matcher link = Pattern.compile(Pattern.quote(gatewayUrl + "/s/") + "([A-Za-z0-9_-]+)")
                .matcher(plainText(message));
        return link.find() ? link.group(1) : null;
    }

    /** The e-mail's plain-text part, as its reader sees it. */
    static String plainText(Part part) {
        try {
            if (part.isMimeType("text/plain")) {
                return (String) part.getContent();
            }
            if (part.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    String found = plainText(multipart.getBodyPart(i));
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        smtp.stop();
    }
}
