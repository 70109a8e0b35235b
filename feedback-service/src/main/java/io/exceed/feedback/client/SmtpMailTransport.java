package io.exceed.feedback.client;

import java.io.UnsupportedEncodingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

import io.exceed.feedback.domain.outbound.EmailChannel;
import io.exceed.feedback.domain.outbound.MailTransport;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * SMTP through Spring's {@link JavaMailSenderImpl} (Angus Mail), one sender per attempt built from the tenant's
 * stored channel, so a changed channel applies to the next message. Every attempt has connect, read and write
 * timeouts; STARTTLS is used whenever the server offers it, and required when the channel says so. Every e-mail
 * carries its one-click unsubscribe link in {@code List-Unsubscribe} and {@code List-Unsubscribe-Post} (RFC 8058).
 *
 * <p>Outcomes: the server's 5xx reply (an unknown mailbox, a refused sender) is permanent; a 4xx reply, a server
 * that cannot be reached or does not answer in time, and a refused login (the tenant can fix the channel) are
 * temporary. Retries are the dispatcher's, with backoff, so this makes one attempt.
 */
public final class SmtpMailTransport implements MailTransport {

    private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([245])(\\d\\d)\\b.*", Pattern.DOTALL);

    private final Duration connectTimeout;
    private final Duration timeout;

    public SmtpMailTransport(Duration connectTimeout, Duration timeout) {
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
    }

    @Override
    public Outcome send(EmailChannel channel, Mail mail) {
        JavaMailSenderImpl sender = sender(channel);
        MimeMessage message;
        try {
            message = message(sender.getSession(), channel, mail);
        } catch (MessagingException | UnsupportedEncodingException unwritable) {
            return new PermanentFailure("the e-mail could not be written: " + unwritable.getMessage());
        }
        try {
            sender.send(message);
            return new Accepted();
        } catch (MailException failed) {
            return classify(failed);
        }
    }

    private JavaMailSenderImpl sender(EmailChannel channel) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(channel.smtpHost());
        sender.setPort(channel.smtpPort());
        sender.setDefaultEncoding("UTF-8");
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.connectiontimeout", Long.toString(connectTimeout.toMillis()));
        properties.setProperty("mail.smtp.timeout", Long.toString(timeout.toMillis()));
        properties.setProperty("mail.smtp.writetimeout", Long.toString(timeout.toMillis()));
        properties.setProperty("mail.smtp.starttls.enable", "true");
        properties.setProperty("mail.smtp.starttls.required", Boolean.toString(channel.starttlsRequired()));
        properties.setProperty("mail.smtp.auth", Boolean.toString(channel.authenticates()));
        if (channel.authenticates()) {
            sender.setUsername(channel.username());
            sender.setPassword(channel.password() == null ? "" : channel.password());
        }
        sender.setJavaMailProperties(properties);
        return sender;
    }

    private static MimeMessage message(Session session, EmailChannel channel, Mail mail)
            throws MessagingException, UnsupportedEncodingException {
        MimeMessage message = new MimeMessage(session) {
            /** The message's own stable id, the same on every attempt, instead of a fresh one per send. */
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", mail.messageIdHeader());
            }
        };
        MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED,
                "UTF-8");
        helper.setFrom(new InternetAddress(channel.senderAddress(), true));
        if (channel.replyToAddress() != null && !channel.replyToAddress().isEmpty()) {
            helper.setReplyTo(new InternetAddress(channel.replyToAddress(), true));
        }
        helper.setTo(new InternetAddress(mail.to(), true));
        helper.setSubject(mail.subject());
        helper.setText(mail.text(), mail.html());
        message.setHeader("Content-Language", mail.language());
        // RFC 8058: mail clients show an unsubscribe button that POSTs "List-Unsubscribe=One-Click" to the URL,
        // which the gateway's /u/{token} takes, without the customer visiting a page.
        message.setHeader("List-Unsubscribe", "<" + mail.unsubscribeLink() + ">");
        message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return message;
    }

    private static Outcome classify(MailException failed) {
        List<Throwable> causes = new ArrayList<>();
        collect(failed, causes);
        if (failed instanceof MailSendException send) {
            send.getFailedMessages().values().forEach(cause -> collect(cause, causes));
        }
        for (Throwable cause : causes) {
            if (cause instanceof AuthenticationFailedException) {
                return new TemporaryFailure("SMTP login refused: " + firstLine(cause.getMessage()));
            }
        }
        for (Throwable cause : causes) {
            if (cause instanceof MessagingException && cause.getMessage() != null) {
                Matcher reply = REPLY_CODE.matcher(cause.getMessage());
                if (reply.matches() && !"2".equals(reply.group(1))) {
                    String reason = "SMTP " + firstLine(cause.getMessage());
                    return "5".equals(reply.group(1)) ? new PermanentFailure(reason) : new TemporaryFailure(reason);
                }
            }
        }
        for (Throwable cause : causes) {
            if (cause instanceof ConnectException || cause instanceof SocketTimeoutException
                    || cause instanceof UnknownHostException) {
                return new TemporaryFailure("SMTP server unreachable: " + cause);
            }
        }
        return new TemporaryFailure("SMTP: " + firstLine(String.valueOf(failed.getMessage())));
    }

    /** The exception, its causes and the exceptions a MessagingException chains. */
    private static void collect(Throwable throwable, List<Throwable> into) {
        for (Throwable cause = throwable; cause != null && !into.contains(cause); ) {
            into.add(cause);
            Throwable next = cause instanceof MessagingException messaging && messaging.getNextException() != null
                    ? messaging.getNextException() : cause.getCause();
            if (cause instanceof MessagingException messaging && messaging.getCause() != null
                    && messaging.getCause() != next) {
                collect(messaging.getCause(), into);
            }
            cause = next;
        }
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.strip();
        int end = line.indexOf('\n');
        return (end < 0 ? line : line.substring(0, end)).strip();
    }
}
