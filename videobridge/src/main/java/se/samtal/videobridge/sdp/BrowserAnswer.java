package se.samtal.videobridge.sdp;

import se.samtal.signalling.media.DtlsFingerprint;
import se.samtal.signalling.media.Candidate;
import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a browser's SDP answer to a {@link BridgeOffer} tells the bridge: the browser's side of the
 * transport (ICE credentials, its fingerprint with the DTLS role it took, the candidates it wrote
 * into the answer) and the sources it sends in sections 0 and 1 (none where it only receives:
 * camera off, sound only, an observer).
 *
 * @param sections  how many media sections it has (an answer has as many as its offer)
 * @param transport the browser's transport
 * @param audio     its audio source, or null
 * @param video     its video source (with its RTX SSRC), or null
 */
public record BrowserAnswer(int sections, Transport transport, Source audio, Source video) {
    /** More media sections than any call can have. */
    static final int MAX_SECTIONS = 256;

    /** The sources it sends. */
    public List<Source> sources() {
        var sources = new ArrayList<Source>(2);
        if (audio != null) {
            sources.add(audio);
        }
        if (video != null) {
            sources.add(video);
        }
        return sources;
    }

    /**
     * Reads an answer and checks it has as many sections as its offer.
     *
     * @throws SdpException with a message fit for the sender, if it is not an answer to that offer
     */
    public static BrowserAnswer read(String sdp, String endpoint, int expectedSections) {
        BrowserAnswer answer = read(sdp, endpoint);
        if (answer.sections() != expectedSections) {
            throw new SdpException("The answer has " + answer.sections() + " media sections; the offer had "
                    + expectedSections + ".");
        }
        return answer;
    }

    /**
     * Reads an answer. {@code endpoint} names the sources ({@code <endpoint>-a0}, {@code -v0}).
     *
     * @throws SdpException with a message fit for the sender, if it is not an answer to a bridge offer
     */
    public static BrowserAnswer read(String sdp, String endpoint) {
        var session = new Attributes();
        var sections = new ArrayList<Attributes>();
        Attributes current = session;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException("Every SDP line is <type>=<value>.");
            }
            if (line.startsWith("m=")) {
                if (sections.size() == MAX_SECTIONS) {
                    throw new SdpException("Too many media sections.");
                }
                current = new Attributes();
                current.media = line.substring(2).split(" ", 2)[0];
                sections.add(current);
            } else if (line.startsWith("a=")) {
                current.add(line.substring(2));
            }
        }
        if (sections.size() < 2) {
            throw new SdpException("An answer to a bridge offer has at least two media sections.");
        }
        Attributes audio = sections.get(0);
        Attributes video = sections.get(1);
        if (!"audio".equals(audio.media) || !"0".equals(audio.first("mid:"))
                || !"video".equals(video.media) || !"1".equals(video.first("mid:"))) {
            throw new SdpException("The first two media sections must be audio (mid 0) and video (mid 1).");
        }
        String ufrag = audio.firstOr("ice-ufrag:", session);
        String pwd = audio.firstOr("ice-pwd:", session);
        String fingerprint = audio.firstOr("fingerprint:", session);
        String setup = audio.firstOr("setup:", session);
        if (ufrag == null || pwd == null || fingerprint == null || setup == null) {
            throw new SdpException("The answer lacks ICE credentials, a fingerprint or a DTLS role.");
        }
        if (!setup.equals("active") && !setup.equals("passive")) {
            throw new SdpException("An answer takes a DTLS role: setup active or passive.");
        }
        String[] hashAndValue = fingerprint.split(" ", 2);
        try {
            var candidates = new ArrayList<Candidate>();
            for (Attributes section : sections) {
                for (String value : section.all("candidate:")) {
                    candidates.add(Candidate.parse("candidate:" + value));
                }
            }
            var transport = new Transport(ufrag, pwd, List.of(new DtlsFingerprint(hashAndValue[0],
                    hashAndValue.length > 1 ? hashAndValue[1] : "", setup)), candidates, null);
            return new BrowserAnswer(sections.size(), transport, audioSource(audio, endpoint), videoSource(video, endpoint));
        } catch (IllegalArgumentException e) {
            throw new SdpException("The answer's " + e.getMessage() + " is not valid.");
        }
    }

    private static Source audioSource(Attributes section, String endpoint) {
        if (!section.sends()) {
            return null;
        }
        long ssrc = section.firstSsrc();
        return ssrc == 0 ? null : Source.audio(endpoint, ssrc);
    }

    private static Source videoSource(Attributes section, String endpoint) {
        if (!section.sends()) {
            return null;
        }
        for (String group : section.all("ssrc-group:")) {
            String[] parts = group.split(" ");
            if (parts[0].equalsIgnoreCase("FID") && parts.length == 3) {
                return Source.video(endpoint, ssrcNumber(parts[1]), ssrcNumber(parts[2]));
            }
        }
        long ssrc = section.firstSsrc();
        return ssrc == 0 ? null : Source.video(endpoint, ssrc, 0);
    }

    private static long ssrcNumber(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new SdpException("An SSRC is a number.");
        }
    }

    /** The {@code a=} attributes of the session or of one media section, in order. */
    private static final class Attributes {
        private final List<String> values = new ArrayList<>();
        private String media;

        void add(String value) {
            values.add(value);
        }

        String first(String prefix) {
            for (String value : values) {
                if (value.startsWith(prefix)) {
                    return value.substring(prefix.length()).strip();
                }
            }
            return null;
        }

        String firstOr(String prefix, Attributes session) {
            String value = first(prefix);
            return value != null ? value : session.first(prefix);
        }

        List<String> all(String prefix) {
            return values.stream().filter(v -> v.startsWith(prefix)).map(v -> v.substring(prefix.length()).strip()).toList();
        }

        boolean sends() {
            for (String value : values) {
                String v = value.toLowerCase(Locale.ROOT);
                if (v.equals("sendrecv") || v.equals("sendonly")) {
                    return true;
                }
                if (v.equals("recvonly") || v.equals("inactive")) {
                    return false;
                }
            }
            return true; // sendrecv is the default
        }

        long firstSsrc() {
            String ssrc = first("ssrc:");
            return ssrc == null ? 0 : ssrcNumber(ssrc.split(" ", 2)[0]);
        }
    }
}
