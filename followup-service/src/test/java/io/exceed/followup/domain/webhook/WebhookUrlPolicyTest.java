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
            https://127.0.0.1/                                | points at a loopback address
            https://127.8.9.10:8443/                          | points at a loopback address
            https://[::1]/                                    | points at a loopback address
            https://[::ffff:127.0.0.1]/                       | points at a loopback address
            https://0.0.0.0/                                  | points at an unspecified address
            https://[::]/                                     | points at an unspecified address
            https://169.254.169.254/latest/meta-data/         | points at a cloud metadata address
            https://[::ffff:169.254.169.254]/                 | points at a cloud metadata address
            https://[fd00:ec2::254]/latest/meta-data/         | points at a cloud metadata address
            https://169.254.1.1/                              | points at a link-local address
            https://[fe80::1]/                                | points at a link-local address
            https://10.0.0.5/                                 | points at a private address
            https://172.16.0.1/                               | points at a private address
            https://172.31.255.255/                           | points at a private address
            https://192.168.1.1/                              | points at a private address
            https://[fd12:3456::1]/                           | points at a private address
            https://[::ffff:10.1.2.3]/                        | points at a private address
            https://[64:ff9b::10.1.2.3]/                      | points at a private address
            https://100.64.0.1/                               | points at a shared (carrier-grade NAT) address
            https://100.127.255.254/                          | points at a shared (carrier-grade NAT) address
            https://224.0.0.1/                                | points at a multicast address
            https://[ff02::1]/                                | points at a multicast address
            https://255.255.255.255/                          | points at a reserved address
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

    @ParameterizedTest
    @CsvSource(textBlock = """
            127.0.0.1,       a loopback address
            ::1,             a loopback address
            0.0.0.0,         an unspecified address
            0.1.2.3,         an unspecified address
            ::,              an unspecified address
            169.254.169.254, a cloud metadata address
            fd00:ec2::254,   a cloud metadata address
            169.254.0.1,     a link-local address
            fe80::abcd,      a link-local address
            febf::1,         a link-local address
            10.255.255.255,  a private address
            172.16.5.4,      a private address
            192.168.0.1,     a private address
            fc00::1,         a private address
            fdff::1,         a private address
            fec0::1,         a private address
            100.64.0.0,      a shared (carrier-grade NAT) address
            239.255.255.250, a multicast address
            ff05::2,         a multicast address
            240.0.0.1,       a reserved address
            """)
    void refusesInternalAddresses(String literal, String reason) throws Exception {
        InetAddress address = InetAddress.getByName(literal);

        assertThat(strict.refusalReason(address)).isEqualTo(reason);
        assertThat(strict.isAllowedAddress(address)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.15.255.255", "192.169.0.1", "100.63.255.255",
            "2001:4860:4860::8888", "fbff::1", "2a00:1450::1"})
    void acceptsPublicAddresses(String literal) throws Exception {
        InetAddress address = InetAddress.getByName(literal);

        assertThat(strict.refusalReason(address)).isNull();
        assertThat(strict.isAllowedAddress(address)).isTrue();
    }

    /** The JDK turns a parsed {@code ::ffff:a.b.c.d} into IPv4 itself; an address built from bytes stays IPv6. */
    @Test
    void judgesIpv4MappedIpv6AddressesByTheIpv4AddressTheyCarry() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169,
                (byte) 254};
        InetAddress metadata = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(metadata).isInstanceOf(Inet6Address.class);
        assertThat(strict.refusalReason(metadata)).isEqualTo("a cloud metadata address");
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
                .hasMessageEndingWith(", a loopback address");
        assertThatThrownBy(() -> resolver.resolve("10.0.0.5"))
                .isInstanceOf(RefusedAddressException.class)
                .hasMessage("webhook host 10.0.0.5 resolves to 10.0.0.5, a private address");
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
