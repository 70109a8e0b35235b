package io.exceed.feedback.domain.outbound;

import java.util.regex.Pattern;

/**
 * E-mail addresses as the channel and the recipients need them: one mailbox, optionally with a display name
 * ({@code Example <surveys@example.com>}). Deliberately strict: no groups, no comments, no lists.
 */
public final class MailAddresses {

    private static final Pattern MAILBOX = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final Pattern NAMED = Pattern.compile("([^<>@\",;\\r\\n]*|\"[^\"\\r\\n]*\")\\s*<([^<>]+)>");

    private MailAddresses() {
    }

    public static boolean isValid(String address, int maxLength) {
        if (address.length() > maxLength) {
            return false;
        }
        var named = NAMED.matcher(address);
        return named.matches() ? MAILBOX.matcher(named.group(2)).matches() : MAILBOX.matcher(address).matches();
    }

    /** The domain of the address's mailbox, for Message-IDs. */
    public static String domain(String address) {
        var named = NAMED.matcher(address);
        String mailbox = named.matches() ? named.group(2) : address;
        return mailbox.substring(mailbox.lastIndexOf('@') + 1);
    }
}
