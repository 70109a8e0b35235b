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
    private static final List<AddressBlock> METADATA_ADDRESSES = blocks("169.254.169.254", "fd00:ec2::254");
    private static final List<AddressBlock> UNSPECIFIED = blocks("0.0.0.0/8");
    private static final List<AddressBlock> PRIVATE = blocks("fc00::/7");
    private static final List<AddressBlock> SHARED = blocks("100.64.0.0/10");
    private static final List<AddressBlock> RESERVED = blocks("240.0.0.0/4");
    /**
     * IPv6 forms, besides IPv4-mapped, that carry an IPv4 address in their last four bytes: IPv4-compatible and
     * NAT64. (The JDK parses {@code ::ffff:0:0/96} itself as IPv4, so mapped addresses are recognised by bytes.)
     */
    private static final List<AddressBlock> EMBEDDING_IPV4 = blocks("::/96", "64:ff9b::/96");

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
     * Why deliveries must not go to {@code address}, as a phrase such as "a private address", or null if they
     * may. IPv4 addresses wrapped in IPv6 ({@code ::ffff:10.0.0.1}) are judged as the IPv4 address they carry.
     * Only the address is judged here; an allow-listed host name is honoured by {@link #check} and the resolver.
     */
    public String refusalReason(InetAddress address) {
        InetAddress effective = embeddedIpv4(address).orElse(address);
        if (isAllowListed(address) || isAllowListed(effective)) {
            return null;
        }
        if (effective.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (effective.isAnyLocalAddress() || containedIn(UNSPECIFIED, effective)) {
            return "an unspecified address";
        }
        if (containedIn(METADATA_ADDRESSES, effective)) {
            return "a cloud metadata address";
        }
        if (effective.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (effective.isSiteLocalAddress() || containedIn(PRIVATE, effective)) {
            return "a private address";
        }
        if (containedIn(SHARED, effective)) {
            return "a shared (carrier-grade NAT) address";
        }
        if (effective.isMulticastAddress()) {
            return "a multicast address";
        }
        if (containedIn(RESERVED, effective)) {
            return "a reserved address";
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
        return containedIn(allowedBlocks, address);
    }

    /** Lower case without IPv6 brackets or the trailing dot, so {@code LOCALHOST.} and {@code localhost} match. */
    private static String normalizeHost(String host) {
        String normalized = host.strip().toLowerCase(Locale.ROOT);
        if (normalized.startsWith("[") && normalized.endsWith("]")) {
            normalized = normalized.substring(1, normalized.length() - 1);
        }
        return normalized.endsWith(".") ? normalized.substring(0, normalized.length() - 1) : normalized;
    }

    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 16 || address.isLoopbackAddress() || address.isAnyLocalAddress()
                || !(isIpv4Mapped(bytes) || containedIn(EMBEDDING_IPV4, address))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
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

    private static boolean containedIn(List<AddressBlock> blocks, InetAddress address) {
        return blocks.stream().anyMatch(block -> block.contains(address));
    }

    private static List<AddressBlock> blocks(String... cidrs) {
        return Arrays.stream(cidrs).map(AddressBlock::parse).toList();
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
