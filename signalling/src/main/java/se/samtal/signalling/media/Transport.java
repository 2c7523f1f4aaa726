package se.samtal.signalling.media;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One side of an ICE/DTLS transport: its ICE credentials, certificate fingerprints, the candidates
 * known so far and, for the bridge's side, the URL of the endpoint's bridge channel (colibri-ws).
 *
 * @param ufrag        the ICE username fragment (4–256 {@code ice-char}s)
 * @param pwd          the ICE password (22–256 {@code ice-char}s)
 * @param fingerprints at least one
 * @param candidates   may be empty (a browser that trickles them later; the bridge learns peer-reflexive ones)
 * @param bridgeChannel the colibri-ws URL the browser connects to, or null (a browser's side)
 */
public record Transport(String ufrag, String pwd, List<DtlsFingerprint> fingerprints, List<Candidate> candidates,
                        URI bridgeChannel) {
    public Transport {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(pwd, "pwd");
        if (!ufrag.matches("[A-Za-z0-9+/]{4,256}")) {
            throw new IllegalArgumentException("ufrag");
        }
        if (!pwd.matches("[A-Za-z0-9+/]{22,256}")) {
            throw new IllegalArgumentException("pwd");
        }
        fingerprints = List.copyOf(fingerprints);
        candidates = List.copyOf(candidates);
        if (fingerprints.isEmpty()) {
            throw new IllegalArgumentException("a transport needs a DTLS fingerprint");
        }
    }

    /** The same transport with more candidates (trickled ones). */
    public Transport withCandidates(List<Candidate> more) {
        var all = new java.util.ArrayList<>(candidates);
        for (Candidate c : more) {
            if (!all.contains(c)) {
                all.add(c);
            }
        }
        return new Transport(ufrag, pwd, fingerprints, all, bridgeChannel);
    }
}
