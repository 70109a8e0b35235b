package io.exceed.followup.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.exceed.defaults.error.FieldViolation;
import io.exceed.defaults.error.InvalidArgumentException;
import io.exceed.defaults.error.Violations;

class WebhookUrlPolicyTest {

    private final WebhookUrlPolicy strict = new WebhookUrlPolicy(false, List.of());

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://example.com/hook                           | must use https
            ftp://example.com/hook                            | must use https
            https://user:secret@example.com/hook              | must not contain a user name or password
            /hooks/relative                                   | must be an absolute URL
            https://exa mple.com/                             | is not a valid URL
            https:example.com                                 | must name a host
            https:///hook                                     | must name a host
            https://under_score.example.com/                  | must name a valid host
            https://127.0.0.1/                                | points at a loopback address (127.0.0.0/8)
            https://127.8.9.10:8443/                          | points at a loopback address (127.0.0.0/8)
            https://[::1]/                                    | points at a loopback address (::1/128)
            https://[::ffff:127.0.0.1]/                       | points at a loopback address (127.0.0.0/8)
            https://0.0.0.0/                                  | points at an unspecified address (0.0.0.0/8)
            https://[::]/                                     | points at an unspecified address (::/128)
            https://169.254.169.254/latest/meta-data/         | points at a cloud metadata address (169.254.169.254)
            https://[::ffff:169.254.169.254]/                 | points at a cloud metadata address (169.254.169.254)
            https://[fd00:ec2::254]/latest/meta-data/         | points at a cloud metadata address (fd00:ec2::254)
            https://169.254.1.1/                              | points at a link-local address (169.254.0.0/16)
            https://[fe80::1]/                                | points at a link-local address (fe80::/10)
            https://10.0.0.5/                                 | points at a private address (10.0.0.0/8)
            https://172.16.0.1/                               | points at a private address (172.16.0.0/12)
            https://172.31.255.255/                           | points at a private address (172.16.0.0/12)
            https://192.168.1.1/                              | points at a private address (192.168.0.0/16)
            https://[fd12:3456::1]/                           | points at a private address (fc00::/7)
            https://[::ffff:10.1.2.3]/                        | points at a private address (10.0.0.0/8)
            https://[64:ff9b::10.1.2.3]/                      | points at a private address (10.0.0.0/8) in NAT64 form (64:ff9b::/96)
            https://[64:ff9b::192.0.2.1]/                     | points at a documentation address (192.0.2.0/24) in NAT64 form (64:ff9b::/96)
            https://[64:ff9b:1::a01:203]/                     | points at a local-use NAT64 address (64:ff9b:1::/48)
            https://[::10.1.2.3]/                             | points at a deprecated IPv4-compatible address (::/96)
            https://[::8.8.8.8]/                              | points at a deprecated IPv4-compatible address (::/96)
            https://100.64.0.1/                               | points at a shared (carrier-grade NAT) address (100.64.0.0/10)
            https://100.127.255.254/                          | points at a shared (carrier-grade NAT) address (100.64.0.0/10)
            https://192.0.0.8/                                | points at an IETF protocol assignment address (192.0.0.0/24)
            https://198.18.0.1/                               | points at a benchmarking address (198.18.0.0/15)
            https://198.19.255.254/                           | points at a benchmarking address (198.18.0.0/15)
            https://192.0.2.10/                               | points at a documentation address (192.0.2.0/24)
            https://198.51.100.7/                             | points at a documentation address (198.51.100.0/24)
            https://203.0.113.200/                            | points at a documentation address (203.0.113.0/24)
            https://[2001:db8:85a3::8a2e:370:7334]/           | points at a documentation address (2001:db8::/32)
            https://[3fff:abc::1]/                            | points at a documentation address (3fff::/20)
            https://[100::1]/                                 | points at a discard-only address (100::/64)
            https://[2002:a00:1::1]/                          | points at a 6to4 tunnel address (2002::/16)
            https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/   | points at a Teredo tunnel address (2001::/32)
            https://192.88.99.1/                              | points at a deprecated 6to4 relay anycast address (192.88.99.0/24)
            https://224.0.0.1/                                | points at a multicast address (224.0.0.0/4)
            https://[ff02::1]/                                | points at a multicast address (ff00::/8)
            https://255.255.255.255/                          | points at a reserved address (240.0.0.0/4)
            https://[5f00::1]/                                | points at a reserved address (4000::/2)
            https://2130706433/                               | must name a host or a dotted-quad IPv4 address
            https://127.1/                                    | must name a valid host
            https://0x7f.0.0.1/                               | must name a valid host
            https://localhost/                                | points at the local host
            https://LOCALHOST./                               | points at the local host
            https://api.localhost:9000/                       | points at the local host
            https://metadata.google.internal/computeMetadata/ | points at a cloud metadata service
            """)
    void refusesWithAPreciseReason(String url, String reason) {
        assertThat(violations(strict, url)).containsExactly(new FieldViolation("endpoint.url", reason));
    }

    @Test
    void refusesMissingAndOverlongUrls() {
        String overlong = "https://example.com/" + "a".repeat(WebhookUrlPolicy.MAX_URL_LENGTH);

        assertThat(violations(strict, null)).extracting(FieldViolation::description).containsExactly("is required");
        assertThat(violations(strict, " ")).extracting(FieldViolation::description).containsExactly("is required");
        assertThat(violations(strict, overlong)).extracting(FieldViolation::description)
                .containsExactly("must be at most 2048 characters long");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://example.com/hooks",
            "https://hooks.example.com:8443/in?tenant=1",
            "HTTPS://Example.COM/",
            "https://93.184.215.14/",
            "https://172.32.0.1/",
            "https://100.128.0.1/",
            "https://[2606:4700:4700::1111]/",
            "https://[64:ff9b::8.8.8.8]/",
            "https://[2001:200::1]/",
            "https://localhost.example.com/",
    })
    void acceptsPublicDestinations(String url) {
        assertThat(violations(strict, url)).isEmpty();
    }

    @Test
    void acceptsHttpOnlyWhenAllowed() {
        WebhookUrlPolicy lenient = new WebhookUrlPolicy(true, List.of());

        assertThat(violations(lenient, "http://example.com/hook")).isEmpty();
        assertThat(violations(lenient, "ftp://example.com/hook")).extracting(FieldViolation::description)
                .containsExactly("must use https or http");
    }

    /** Every refused range, at its edges where a neighbour is public; the reason names the range. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1                       | a loopback address (127.0.0.0/8)
            127.255.255.255                 | a loopback address (127.0.0.0/8)
            ::1                             | a loopback address (::1/128)
            0.0.0.0                         | an unspecified address (0.0.0.0/8)
            0.1.2.3                         | an unspecified address (0.0.0.0/8)
            ::                              | an unspecified address (::/128)
            169.254.169.254                 | a cloud metadata address (169.254.169.254)
            fd00:ec2::254                   | a cloud metadata address (fd00:ec2::254)
            169.254.0.1                     | a link-local address (169.254.0.0/16)
            fe80::abcd                      | a link-local address (fe80::/10)
            febf::1                         | a link-local address (fe80::/10)
            10.255.255.255                  | a private address (10.0.0.0/8)
            172.16.5.4                      | a private address (172.16.0.0/12)
            192.168.0.1                     | a private address (192.168.0.0/16)
            fc00::1                         | a private address (fc00::/7)
            fdff::1                         | a private address (fc00::/7)
            fec0::1                         | a private address (fec0::/10)
            100.64.0.0                      | a shared (carrier-grade NAT) address (100.64.0.0/10)
            192.0.0.0                       | an IETF protocol assignment address (192.0.0.0/24)
            192.0.0.255                     | an IETF protocol assignment address (192.0.0.0/24)
            2001:1::1                       | an IETF protocol assignment address (2001::/23)
            2001:1ff:ffff::1                | an IETF protocol assignment address (2001::/23)
            192.0.2.0                       | a documentation address (192.0.2.0/24)
            192.0.2.255                     | a documentation address (192.0.2.0/24)
            198.51.100.1                    | a documentation address (198.51.100.0/24)
            203.0.113.1                     | a documentation address (203.0.113.0/24)
            2001:db8::1                     | a documentation address (2001:db8::/32)
            2001:db8:ffff:ffff::1           | a documentation address (2001:db8::/32)
            3fff::1                         | a documentation address (3fff::/20)
            3fff:fff:ffff::1                | a documentation address (3fff::/20)
            198.18.0.0                      | a benchmarking address (198.18.0.0/15)
            198.19.255.255                  | a benchmarking address (198.18.0.0/15)
            2001:2::1                       | a benchmarking address (2001:2::/48)
            2001::1                         | a Teredo tunnel address (2001::/32)
            2001:0:4136:e378:8000:63bf:3fff:fdd2 | a Teredo tunnel address (2001::/32)
            2002::1                         | a 6to4 tunnel address (2002::/16)
            2002:c000:22a::1                | a 6to4 tunnel address (2002::/16)
            2002:808:808::1                 | a 6to4 tunnel address (2002::/16)
            192.88.99.1                     | a deprecated 6to4 relay anycast address (192.88.99.0/24)
            64:ff9b:1::1                    | a local-use NAT64 address (64:ff9b:1::/48)
            64:ff9b:1:ffff::808:808         | a local-use NAT64 address (64:ff9b:1::/48)
            100::1                          | a discard-only address (100::/64)
            100::ffff:ffff:ffff:ffff        | a discard-only address (100::/64)
            ::a00:1                         | a deprecated IPv4-compatible address (::/96)
            ::808:808                       | a deprecated IPv4-compatible address (::/96)
            ::2                             | a deprecated IPv4-compatible address (::/96)
            239.255.255.250                 | a multicast address (224.0.0.0/4)
            ff05::2                         | a multicast address (ff00::/8)
            240.0.0.1                       | a reserved address (240.0.0.0/4)
            255.255.255.255                 | a reserved address (240.0.0.0/4)
            ::ffff:0:808:808                | a reserved address (::/3)
            1fff::1                         | a reserved address (::/3)
            4000::1                         | a reserved address (4000::/2)
            fbff::1                         | a reserved address (8000::/1)
            fe00::1                         | a reserved address (8000::/1)
            """)
    void refusesSpecialPurposeAddresses(String literal, String reason) throws Exception {
        InetAddress address = InetAddress.getByName(literal);

        assertThat(strict.refusalReason(address)).isEqualTo(reason);
        assertThat(strict.isAllowedAddress(address)).isFalse();
    }

    /** Just outside each refused range, and the NAT64 form of a public address. */
    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "1.0.0.1", "172.15.255.255", "172.32.0.0", "192.169.0.1",
            "100.63.255.255", "100.128.0.0", "192.0.1.255", "192.0.3.0", "198.17.255.255", "198.20.0.0",
            "198.51.99.255", "198.51.101.0", "203.0.112.255", "203.0.114.0", "192.88.98.255", "192.88.100.0",
            "223.255.255.255", "2001:4860:4860::8888", "2a00:1450::1", "2000::1", "2001:200::1", "2001:db7:ffff::1",
            "2001:db9::1", "2003::1", "3ffe:ffff::1", "3fff:1000::1", "64:ff9b::8.8.8.8"})
    void acceptsPublicAddresses(String literal) throws Exception {
        InetAddress address = InetAddress.getByName(literal);

        assertThat(strict.refusalReason(address)).isNull();
        assertThat(strict.isAllowedAddress(address)).isTrue();
    }

    /** Whatever IPv4 range NAT64's well-known prefix carries is judged as that range, and says so. */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "169.254.169.254", "169.254.3.4", "10.1.2.3", "172.20.0.1",
            "192.168.7.7", "100.100.100.200", "192.0.0.170", "192.0.2.1", "198.51.100.1", "203.0.113.9", "198.18.5.5",
            "192.88.99.1", "224.0.0.251", "250.1.2.3"})
    void judgesNat64AddressesByTheIpv4AddressTheyCarry(String ipv4) throws Exception {
        InetAddress nat64 = InetAddress.getByName("64:ff9b::" + ipv4);

        assertThat(nat64).isInstanceOf(Inet6Address.class);
        assertThat(strict.refusalReason(nat64))
                .isEqualTo(strict.refusalReason(InetAddress.getByName(ipv4)) + " in NAT64 form (64:ff9b::/96)");
    }

    /** The JDK turns a parsed {@code ::ffff:a.b.c.d} into IPv4 itself; an address built from bytes stays IPv6. */
    @Test
    void judgesIpv4MappedIpv6AddressesByTheIpv4AddressTheyCarry() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169,
                (byte) 254};
        InetAddress metadata = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(metadata).isInstanceOf(Inet6Address.class);
        assertThat(strict.refusalReason(metadata))
                .isEqualTo("a cloud metadata address (169.254.169.254) in IPv4-mapped form (::ffff:0:0/96)");
    }

    @Test
    void allowListAcceptsAddressesInsideItsCidrBlocksOnly() throws Exception {
        WebhookUrlPolicy policy = new WebhookUrlPolicy(false, List.of("10.0.0.0/8", "fd00:1234::/32"));

        assertThat(policy.isAllowedAddress(InetAddress.getByName("10.20.30.40"))).isTrue();
        assertThat(policy.isAllowedAddress(InetAddress.getByName("fd00:1234:5::1"))).isTrue();
        assertThat(policy.isAllowedAddress(InetAddress.getByName("192.168.1.1"))).isFalse();
        assertThat(policy.isAllowedAddress(InetAddress.getByName("fd00:1235::1"))).isFalse();
        assertThat(violations(policy, "https://10.1.2.3/hook")).isEmpty();
        assertThat(violations(policy, "https://[::ffff:10.1.2.3]/hook")).isEmpty();
        assertThat(violations(policy, "https://172.16.0.1/hook")).isNotEmpty();
    }

    @Test
    void allowListAcceptsAnAddressLiteralAndNothingNextToIt() throws Exception {
        WebhookUrlPolicy policy = new WebhookUrlPolicy(true, List.of("127.0.0.1", "[::1]"));

        assertThat(policy.isAllowedAddress(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(policy.isAllowedAddress(InetAddress.getByName("::1"))).isTrue();
        assertThat(policy.isAllowedAddress(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(violations(policy, "http://127.0.0.1:8080/hook")).isEmpty();
        assertThat(violations(policy, "http://localhost:8080/hook")).isNotEmpty();
    }

    @Test
    void allowListAcceptsHostNamesThatWouldBeRefused() {
        WebhookUrlPolicy policy = new WebhookUrlPolicy(false, List.of("LocalHost", "metadata.google.internal"));

        assertThat(violations(policy, "https://localhost/hook")).isEmpty();
        assertThat(violations(policy, "https://metadata.google.internal/")).isEmpty();
        assertThat(violations(policy, "https://api.localhost/")).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/x", "10.0.0/8", "::1/129", "127.1", " "})
    void rejectsMalformedAllowListEntries(String entry) {
        assertThatThrownBy(() -> new WebhookUrlPolicy(false, List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolverRefusesAHostNameThatResolvesToAnInternalAddress() {
        DnsResolver resolver = strict.dnsResolver();

        assertThatThrownBy(() -> resolver.resolve("localhost"))
                .isInstanceOf(RefusedAddressException.class)
                .hasMessageStartingWith("webhook host localhost resolves to ")
                .hasMessageContaining(", a loopback address (");
        assertThatThrownBy(() -> resolver.resolve("10.0.0.5"))
                .isInstanceOf(RefusedAddressException.class)
                .hasMessage("webhook host 10.0.0.5 resolves to 10.0.0.5, a private address (10.0.0.0/8)");
    }

    /** What deliveries connect to passes the same policy: literals resolve to themselves, without DNS. */
    @ParameterizedTest
    @ValueSource(strings = {"192.0.0.8", "198.18.0.1", "192.0.2.1", "198.51.100.1", "203.0.113.1", "2001:db8::1",
            "3fff::1", "100::1", "64:ff9b:1::1", "64:ff9b::a9fe:a9fe", "2002:a00:1::1", "2001::1", "::a00:1"})
    void resolverRefusesEverySpecialPurposeRangeAtConnectTime(String literal) throws Exception {
        String reason = strict.refusalReason(InetAddress.getByName(literal));

        assertThat(reason).isNotNull();
        assertThatThrownBy(() -> strict.dnsResolver().resolve(literal))
                .isInstanceOf(RefusedAddressException.class)
                .hasMessageEndingWith(", " + reason);
    }

    @Test
    void resolverAllowsAllowListedHostNamesAndAddresses() throws Exception {
        DnsResolver byName = new WebhookUrlPolicy(false, List.of("localhost")).dnsResolver();
        DnsResolver byAddress = new WebhookUrlPolicy(false, List.of("127.0.0.0/8", "::1")).dnsResolver();

        assertThat(byName.resolve("localhost")).allMatch(InetAddress::isLoopbackAddress).isNotEmpty();
        assertThat(byAddress.resolve("localhost")).allMatch(InetAddress::isLoopbackAddress).isNotEmpty();
    }

    @Test
    void resolverPassesPublicAddressesThrough() throws Exception {
        assertThat(strict.dnsResolver().resolve("93.184.215.14"))
                .containsExactly(InetAddress.getByName("93.184.215.14"));
    }

    private static List<FieldViolation> violations(WebhookUrlPolicy policy, String url) {
        Violations violations = new Violations();
        policy.check(url, "endpoint.url", violations);
        try {
            violations.throwIfAny();
            return List.of();
        } catch (InvalidArgumentException invalid) {
            return invalid.violations();
        }
    }
}
