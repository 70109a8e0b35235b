package io.exceed.followup.domain.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads IP address literals without ever asking DNS: {@link InetAddress#getByName} would look up anything it
 * does not recognise as a literal, which must not happen while validating a tenant's input.
 */
final class IpLiteral {

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern DOTTED_QUAD = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    /** A last label like {@code 1} or {@code 0x7f}: browsers and resolvers read such hosts as IPv4 numbers. */
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(^|.*\\.)(\\d+|0x[0-9a-f]*)\\.?$");

    private IpLiteral() {
    }

    /** The address an IPv4 dotted quad or an IPv6 literal (bracketed or not) names; empty for anything else. */
    static Optional<InetAddress> parse(String text) {
        if (DOTTED_QUAD.matcher(text).matches()) {
            String[] octets = text.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(octets[i]);
            }
            return Optional.of(byAddress(bytes));
        }
        if (text.contains(":")) {
            String bracketed = text.startsWith("[") ? text : "[" + text + "]";
            try {
                // Brackets make the JDK treat the text as an IPv6 literal and fail rather than fall back to DNS.
                return Optional.of(InetAddress.getByName(bracketed));
            } catch (UnknownHostException notALiteral) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * True for hosts that are not dotted quads yet would be read as IPv4 numbers ({@code 2130706433},
     * {@code 127.1}, {@code 0x7f.0.0.1}): they are a classic way to slip a loopback address past a check.
     */
    static boolean looksNumeric(String host) {
        return NUMERIC_LAST_LABEL.matcher(host.toLowerCase(Locale.ROOT)).matches()
                && !DOTTED_QUAD.matcher(host).matches();
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("a 4-byte address is always valid", impossible);
        }
    }
}
