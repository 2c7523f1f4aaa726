package se.samtal.signalling.media;

import java.util.Locale;
import java.util.Objects;

/**
 * One ICE candidate (RFC 8445, in the SDP form of RFC 8839): where one side can be reached. The
 * same value travels to the bridge (Colibri2 {@code candidates}) and to a browser (an
 * {@code a=candidate} line of an SDP offer, or a trickled {@code candidate} in a {@code signal}).
 *
 * @param foundation     1–32 characters of {@code ice-char}
 * @param component      1 (RTP; samtal always multiplexes RTCP on it)
 * @param protocol       {@code udp} or {@code tcp}
 * @param priority       0 to 2³²−1
 * @param address        an IP address (or an mDNS {@code .local} name a browser gave)
 * @param port           1–65535 (0 and 9 are allowed for a TCP active candidate)
 * @param type           {@code host}, {@code srflx}, {@code prflx} or {@code relay}
 * @param relatedAddress with srflx, prflx and relay: the base address; else null
 * @param relatedPort    with {@code relatedAddress}: its port; else 0
 * @param tcpType        with TCP: {@code active}, {@code passive} or {@code so}; else null
 */
public record Candidate(String foundation, int component, String protocol, long priority, String address, int port,
                           String type, String relatedAddress, int relatedPort, String tcpType) {
    private static final java.util.Set<String> TYPES = java.util.Set.of("host", "srflx", "prflx", "relay");

    public Candidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(address, "address");
        protocol = protocol.toLowerCase(Locale.ROOT);
        type = type.toLowerCase(Locale.ROOT);
        if (!foundation.matches("[A-Za-z0-9+/]{1,32}")) {
            throw new IllegalArgumentException("foundation");
        }
        if (component < 1 || component > 256) {
            throw new IllegalArgumentException("component");
        }
        if (!protocol.equals("udp") && !protocol.equals("tcp")) {
            throw new IllegalArgumentException("protocol");
        }
        if (priority < 0 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("priority");
        }
        if (address.isEmpty() || address.length() > 255 || !address.matches("[A-Za-z0-9.:\\-]+")) {
            throw new IllegalArgumentException("address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port");
        }
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("type");
        }
        if (relatedAddress != null && !relatedAddress.matches("[A-Za-z0-9.:\\-]{1,255}")) {
            throw new IllegalArgumentException("relatedAddress");
        }
        if (relatedPort < 0 || relatedPort > 65535) {
            throw new IllegalArgumentException("relatedPort");
        }
        if (tcpType != null && !tcpType.matches("active|passive|so")) {
            throw new IllegalArgumentException("tcpType");
        }
    }

    /** A host candidate on UDP. */
    public static Candidate host(String foundation, long priority, String address, int port) {
        return new Candidate(foundation, 1, "udp", priority, address, port, "host", null, 0, null);
    }

    /**
     * Reads the value of an {@code a=candidate} attribute (with or without the {@code a=} and
     * {@code candidate:} prefixes), as browsers write it.
     *
     * @throws IllegalArgumentException if it is not a candidate
     */
    public static Candidate parse(String text) {
        String s = text.strip();
        if (s.startsWith("a=")) {
            s = s.substring(2);
        }
        if (s.startsWith("candidate:")) {
            s = s.substring("candidate:".length());
        }
        String[] f = s.split(" +");
        if (f.length < 8 || !f[6].equals("typ")) {
            throw new IllegalArgumentException("not an ICE candidate");
        }
        try {
            String relatedAddress = null;
            int relatedPort = 0;
            String tcpType = null;
            for (int i = 8; i + 1 < f.length; i += 2) {
                switch (f[i]) {
                    case "raddr" -> relatedAddress = f[i + 1];
                    case "rport" -> relatedPort = Integer.parseInt(f[i + 1]);
                    case "tcptype" -> tcpType = f[i + 1];
                    default -> { } // generation, ufrag, network-id, network-cost: not carried
                }
            }
            return new Candidate(f[0], Integer.parseInt(f[1]), f[2], Long.parseLong(f[3]), f[4], Integer.parseInt(f[5]),
                    f[7], relatedAddress, relatedPort, tcpType);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an ICE candidate", e);
        }
    }

    /** The attribute value without {@code a=}: {@code candidate:1 1 udp 2130706431 10.0.0.5 10000 typ host generation 0}. */
    public String toSdp() {
        var b = new StringBuilder("candidate:").append(foundation).append(' ').append(component).append(' ')
                .append(protocol).append(' ').append(priority).append(' ').append(address).append(' ').append(port)
                .append(" typ ").append(type);
        if (relatedAddress != null) {
            b.append(" raddr ").append(relatedAddress).append(" rport ").append(relatedPort);
        }
        if (tcpType != null) {
            b.append(" tcptype ").append(tcpType);
        }
        return b.append(" generation 0").toString();
    }
}
