package io.exceed.followup.domain.webhook;

import java.net.InetAddress;

/** A CIDR block such as {@code 10.0.0.0/8} or {@code fc00::/7}: a network address and a prefix length. */
final class AddressBlock {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private AddressBlock(byte[] network, int prefixLength, String text) {
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is out of range");
        }
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /** Reads {@code address/prefix}; a bare address is a block of just that address. */
    static AddressBlock parse(String cidr) {
        int slash = cidr.indexOf('/');
        String addressPart = slash < 0 ? cidr : cidr.substring(0, slash);
        InetAddress address = IpLiteral.parse(addressPart)
                .orElseThrow(() -> new IllegalArgumentException(cidr + " is not an IP address or CIDR block"));
        if (slash < 0) {
            byte[] bytes = address.getAddress();
            return new AddressBlock(bytes, bytes.length * 8, cidr);
        }
        String prefix = cidr.substring(slash + 1);
        if (!prefix.matches("\\d{1,3}")) {
            throw new IllegalArgumentException(cidr + " has an invalid prefix length");
        }
        return new AddressBlock(address.getAddress(), Integer.parseInt(prefix), cidr);
    }

    /** Only addresses of the block's own family match: an IPv4 block never contains an IPv6 address. */
    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = 0xff << (8 - remainingBits) & 0xff;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    /** As written when parsed, so a refusal names the block the way the policy lists it. */
    @Override
    public String toString() {
        return text;
    }
}
