package se.samtal.signalling.media;

import java.util.Locale;

/**
 * A DTLS certificate fingerprint (RFC 8122) and the DTLS role its owner offers or takes (RFC 5763):
 * the bridge offers {@code actpass}; a browser answering the bridge's offer takes {@code active}.
 *
 * @param hash  the hash function, e.g. {@code sha-256}
 * @param value upper-case hex bytes separated by colons
 * @param setup {@code actpass}, {@code active} or {@code passive}
 */
public record DtlsFingerprint(String hash, String value, String setup) {
    public DtlsFingerprint {
        hash = hash.toLowerCase(Locale.ROOT);
        value = value.toUpperCase(Locale.ROOT);
        if (!hash.matches("sha-(1|224|256|384|512)")) {
            throw new IllegalArgumentException("hash");
        }
        if (!value.matches("[0-9A-F]{2}(:[0-9A-F]{2}){15,63}")) {
            throw new IllegalArgumentException("fingerprint");
        }
        if (!setup.matches("actpass|active|passive")) {
            throw new IllegalArgumentException("setup");
        }
    }
}
