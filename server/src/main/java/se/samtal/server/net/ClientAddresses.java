package se.samtal.server.net;

import io.netty.handler.codec.http.HttpHeaders;
import se.samtal.server.config.AddressRange;
import se.samtal.server.config.HttpConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tells where a request came from. Without {@code http.clientAddressHeader}: the connection's own
 * address, always (any forwarding header is ignored: anyone can write one). With it: the header's
 * address, but only if the connection comes from one of {@code http.trustedProxies}; for
 * {@code X-Forwarded-For} (a list each proxy appends to) the right-most address that is not a
 * trusted proxy.
 */
public final class ClientAddresses {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final String header;
    private final List<AddressRange> trusted;
    private final boolean list;

    public ClientAddresses(HttpConfig config) {
        this.header = config.clientAddressHeader();
        this.trusted = config.trustedProxies().stream().map(AddressRange::parse).toList();
        this.list = header != null && header.equalsIgnoreCase("X-Forwarded-For");
    }

    /** The connection's own address (no headers to consult). */
    public static ClientAddress of(SocketAddress peer) {
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null
                ? new ClientAddress(inet.getAddress()) : ClientAddress.UNKNOWN;
    }

    public ClientAddress resolve(SocketAddress peer, HttpHeaders headers) {
        ClientAddress direct = of(peer);
        if (header == null || direct.address() == null || !isTrusted(direct.address()) || headers == null) {
            return direct;
        }
        List<String> values = headers.getAll(header);
        if (values.isEmpty()) {
            return direct;
        }
        if (!list) {
            InetAddress named = literal(values.getLast().trim());
            return named != null ? new ClientAddress(named) : direct;
        }
        String[] hops = String.join(",", values).split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = literal(hops[i].trim());
            if (hop == null) {
                return direct; // a hop we cannot read: believe nothing beyond it
            }
            if (!isTrusted(hop)) {
                return new ClientAddress(hop);
            }
        }
        return direct;
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(range -> range.contains(address));
    }

    /** An IP address written as numbers (never a name: nothing here looks names up); null otherwise. */
    static InetAddress literal(String text) {
        String value = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!LITERAL.matcher(value).matches() || (!value.contains(":") && !value.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            return null;
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
