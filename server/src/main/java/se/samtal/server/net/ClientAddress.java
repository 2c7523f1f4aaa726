package se.samtal.server.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Where a request came from, as far as samtal can tell: the connection's own address, or behind
 * a trusted proxy the address its header names ({@link ClientAddresses}). An address is personal
 * data of the person using it: it is used for limits in memory, and leaves samtal only as its
 * {@link #addressClass() class} and {@link #network() network}.
 */
public record ClientAddress(InetAddress address) {
    /** For requests whose origin is not known (tests, internal calls). */
    public static final ClientAddress UNKNOWN = new ClientAddress(null);

    /**
     * The key limits count under: the address itself for IPv4, its /64 for IPv6 (one host
     * usually has a whole /64, so counting single IPv6 addresses would count nothing).
     */
    public String limitKey() {
        if (address == null) {
            return "unknown";
        }
        return address instanceof Inet6Address ? prefix(64) : address.getHostAddress();
    }

    /** {@code loopback}, {@code private}, {@code link_local}, {@code public}, or {@code unknown}. */
    public String addressClass() {
        if (address == null) {
            return "unknown";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link_local";
        }
        boolean uniqueLocal = address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
        return address.isSiteLocalAddress() || uniqueLocal || isCarrierGrade() ? "private" : "public";
    }

    /**
     * The network the address is in, coarsely: {@code 203.0.113.0/24} or {@code 2001:db8:1::/48}.
     * Enough to tell attempts from one network apart from many, not enough to name a household.
     */
    public String network() {
        if (address == null) {
            return "unknown";
        }
        return address instanceof Inet4Address ? prefix(24) : prefix(48);
    }

    private boolean isCarrierGrade() {
        byte[] b = address.getAddress();
        return address instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    private String prefix(int bits) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) { // bits is a multiple of 16: whole groups, then "::"
            var groups = new StringBuilder();
            for (int i = 0; i < bits / 8; i += 2) {
                groups.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return groups + ":/" + bits;
        }
        byte[] masked = Arrays.copyOf(bytes, bytes.length);
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            masked[i] = (byte) (masked[i] & (0xff << (8 - keep)));
        }
        try {
            return InetAddress.getByAddress(masked).getHostAddress() + "/" + bits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ClientAddress[" + addressClass() + "]"; // never the address itself in logs
    }
}
