package io.exceed.followup.domain.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import io.exceed.defaults.error.Violations;

/**
 * Guards against server-side request forgery through tenant-supplied webhook URLs: without it, a tenant could
 * make this service call its own infrastructure (a cloud metadata endpoint, an internal admin port) and read or
 * trigger things it should not. URLs are checked when registered ({@link #check}) and, because a host name can
 * point anywhere and change later, every address is checked again when it is resolved for a delivery
 * ({@link #dnsResolver()}).
 *
 * <p>The allow-list names hosts, addresses or CIDR blocks that are accepted although they would otherwise be
 * refused: for tests against a local receiver, or an operator's own receiver on a private network.
 */
public final class WebhookUrlPolicy {

    static final int MAX_URL_LENGTH = 2048;

    private static final Set<String> METADATA_HOST_NAMES = Set.of("metadata.google.internal");
    /**
     * The special-purpose ranges (IANA's registries, RFC 6890 and its updates) that are no tenant's receiver, each
     * with what it is; the first that contains an address names the refusal, so a block inside another comes
     * first. Tunnel prefixes (Teredo, 6to4) are refused whole rather than judged by the IPv4 addresses they
     * embed: a receiver reachable only through either is not a realistic case, and a packet to one is
     * delivered by a relay or tunnel interface this policy never sees. IPv6 outside global unicast (2000::/3)
     * is reserved, like 240.0.0.0/4: on the internet nothing answers there, so only an internal network could.
     */
    private static final List<RefusedRange> REFUSED = List.of(
            refused("an unspecified address", "0.0.0.0/8", "::/128"),
            refused("a loopback address", "127.0.0.0/8", "::1/128"),
            refused("a deprecated IPv4-compatible address", "::/96"),
            refused("a cloud metadata address", "169.254.169.254", "fd00:ec2::254"),
            refused("a link-local address", "169.254.0.0/16", "fe80::/10"),
            refused("a private address", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fec0::/10"),
            refused("a shared (carrier-grade NAT) address", "100.64.0.0/10"),
            refused("a documentation address", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32",
                    "3fff::/20"),
            refused("a benchmarking address", "198.18.0.0/15", "2001:2::/48"),
            refused("a Teredo tunnel address", "2001::/32"),
            refused("an IETF protocol assignment address", "192.0.0.0/24", "2001::/23"),
            refused("a 6to4 tunnel address", "2002::/16"),
            refused("a deprecated 6to4 relay anycast address", "192.88.99.0/24"),
            refused("a local-use NAT64 address", "64:ff9b:1::/48"),
            refused("a discard-only address", "100::/64"),
            refused("a multicast address", "224.0.0.0/4", "ff00::/8"),
            refused("a reserved address", "240.0.0.0/4", "::/3", "4000::/2", "8000::/1"))
            .stream().flatMap(List::stream).toList();
    /**
     * IPv6 forms that carry an IPv4 address in their last four bytes and reach it: NAT64's well-known prefix.
     * (IPv4-mapped addresses are recognised by bytes: the JDK parses {@code ::ffff:0:0/96} itself as IPv4.)
     */
    private static final AddressBlock NAT64 = AddressBlock.parse("64:ff9b::/96");

    private final boolean allowHttp;
    private final Set<String> allowedHosts = new HashSet<>();
    private final List<AddressBlock> allowedBlocks = new ArrayList<>();

    /**
     * @param allowHttp whether plain {@code http} URLs are accepted (development and tests only)
     * @param allowList host names, IP addresses or CIDR blocks accepted even though they would be refused
     * @throws IllegalArgumentException if an allow-list entry is neither
     */
    public WebhookUrlPolicy(boolean allowHttp, List<String> allowList) {
        this.allowHttp = allowHttp;
        for (String entry : allowList) {
            String normalized = normalizeHost(entry);
            if (normalized.isEmpty()) {
                throw new IllegalArgumentException("the webhook allow-list has an empty entry");
            }
            if (normalized.contains("/") || IpLiteral.parse(normalized).isPresent()) {
                allowedBlocks.add(AddressBlock.parse(normalized));
            } else if (IpLiteral.looksNumeric(normalized)) {
                throw new IllegalArgumentException(entry + " in the webhook allow-list is not a valid IP address");
            } else {
                allowedHosts.add(normalized);
            }
        }
    }

    public boolean allowHttp() {
        return allowHttp;
    }

    /** Records why {@code url} cannot be registered as a webhook endpoint, if it cannot. */
    public void check(String url, String field, Violations violations) {
        String problem = problem(url);
        if (problem != null) {
            violations.add(field, problem);
        }
    }

    public boolean isAllowedAddress(InetAddress address) {
        return refusalReason(address) == null;
    }

    /**
     * Why deliveries must not go to {@code address}, as a phrase naming the range, such as "a private address
     * (10.0.0.0/8)", or null if they may. IPv4 addresses carried in IPv6 ({@code ::ffff:10.0.0.1},
     * {@code 64:ff9b::10.0.0.1}) are judged as the IPv4 address they carry. Only the address is judged here; an
     * allow-listed host name is honoured by {@link #check} and the resolver.
     */
    public String refusalReason(InetAddress address) {
        Optional<Embedded> embedded = embeddedIpv4(address);
        InetAddress effective = embedded.map(Embedded::ipv4).orElse(address);
        if (isAllowListed(address) || isAllowListed(effective)) {
            return null;
        }
        for (RefusedRange range : REFUSED) {
            if (range.block().contains(effective)) {
                String reason = range.kind() + " (" + range.block() + ")";
                return embedded.map(carrier -> reason + " in " + carrier.form()).orElse(reason);
            }
        }
        return null;
    }

    /**
     * A resolver for the webhook HTTP client that refuses a host if any of its addresses is refused: checking
     * only one would let a name with a public and a private address through whenever the client picked the
     * private one. Resolution happens for every new connection, so a name re-pointed after registration (DNS
     * rebinding) is caught too.
     */
    public DnsResolver dnsResolver() {
        return new RefusingResolver();
    }

    private String problem(String url) {
        if (url == null || url.isBlank()) {
            return "is required";
        }
        if (url.length() > MAX_URL_LENGTH) {
            return "must be at most " + MAX_URL_LENGTH + " characters long";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException malformed) {
            return "is not a valid URL";
        }
        if (!uri.isAbsolute()) {
            return "must be an absolute URL";
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return allowHttp ? "must use https or http" : "must use https";
        }
        if (uri.getRawAuthority() == null) {
            return "must name a host";
        }
        if (uri.getRawAuthority().contains("@")) {
            return "must not contain a user name or password";
        }
        if (uri.getHost() == null) {
            return "must name a valid host";
        }
        return hostProblem(normalizeHost(uri.getHost()));
    }

    private String hostProblem(String host) {
        if (allowedHosts.contains(host)) {
            return null;
        }
        Optional<InetAddress> literal = IpLiteral.parse(host);
        if (literal.isPresent()) {
            String reason = refusalReason(literal.get());
            return reason == null ? null : "points at " + reason;
        }
        if (IpLiteral.looksNumeric(host)) {
            return "must name a host or a dotted-quad IPv4 address";
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return "points at the local host";
        }
        if (METADATA_HOST_NAMES.contains(host)) {
            return "points at a cloud metadata service";
        }
        return null;
    }

    private boolean isAllowListed(InetAddress address) {
        return allowedBlocks.stream().anyMatch(block -> block.contains(address));
    }

    /** Lower case without IPv6 brackets or the trailing dot, so {@code LOCALHOST.} and {@code localhost} match. */
    private static String normalizeHost(String host) {
        String normalized = host.strip().toLowerCase(Locale.ROOT);
        if (normalized.startsWith("[") && normalized.endsWith("]")) {
            normalized = normalized.substring(1, normalized.length() - 1);
        }
        return normalized.endsWith(".") ? normalized.substring(0, normalized.length() - 1) : normalized;
    }

    /** An IPv4 address carried in an IPv6 one, and the form that carries it ("NAT64 form (64:ff9b::/96)"). */
    private record Embedded(InetAddress ipv4, String form) {
    }

    private static Optional<Embedded> embeddedIpv4(InetAddress address) {
        byte[] bytes = address.getAddress();
        String form = bytes.length != 16 ? null
                : isIpv4Mapped(bytes) ? "IPv4-mapped form (::ffff:0:0/96)"
                : NAT64.contains(address) ? "NAT64 form (" + NAT64 + ")"
                : null;
        if (form == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Embedded(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)), form));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("a 4-byte address is always valid", impossible);
        }
    }

    private static boolean isIpv4Mapped(byte[] ipv6) {
        for (int i = 0; i < 10; i++) {
            if (ipv6[i] != 0) {
                return false;
            }
        }
        return ipv6[10] == (byte) 0xff && ipv6[11] == (byte) 0xff;
    }

    /** A range refused, and what it is: "a private address". */
    private record RefusedRange(AddressBlock block, String kind) {
    }

    private static List<RefusedRange> refused(String kind, String... cidrs) {
        return Arrays.stream(cidrs).map(cidr -> new RefusedRange(AddressBlock.parse(cidr), kind)).toList();
    }

    private final class RefusingResolver implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
            if (allowedHosts.contains(normalizeHost(host))) {
                return addresses;
            }
            for (InetAddress address : addresses) {
                String reason = refusalReason(address);
                if (reason != null) {
                    throw new RefusedAddressException(
                            "webhook host " + host + " resolves to " + address.getHostAddress() + ", " + reason);
                }
            }
            return addresses;
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
        }
    }
}
