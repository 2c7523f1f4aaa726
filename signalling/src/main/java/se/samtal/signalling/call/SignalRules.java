package se.samtal.signalling.call;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionDescription;

/**
 * What a signalling message may contain. Real browsers stay far below these bounds (an SDP
 * for audio and video is 3–10 KB, a candidate line about 100 characters, a session gathers
 * 5–30 candidates); anything beyond them is a broken or hostile client and is refused before
 * it reaches the other side.
 */
public final class SignalRules {
    /** Largest SDP relayed, in characters. Frames are capped at 64 KiB before this is even looked at. */
    public static final int MAX_SDP_CHARS = 32 * 1024;
    /** Largest candidate line relayed, in characters. */
    public static final int MAX_CANDIDATE_CHARS = 1024;
    /** Largest {@code sdpMid} / {@code usernameFragment}, in characters. */
    public static final int MAX_TAG_CHARS = 256;
    /** Candidates one participant may send per session description (an offer or answer starts a new count). */
    public static final int MAX_CANDIDATES_PER_DESCRIPTION = 64;

    private SignalRules() {
    }

    /** Checks the shape and size of a signal; throws {@code bad_request} or {@code payload_too_large}. */
    public static void checkShape(SessionDescription description, IceCandidate candidate) {
        if ((description == null) == (candidate == null)) {
            throw bad("A signal carries exactly one of 'description' and 'candidate'.");
        }
        if (description != null) {
            if (!"offer".equals(description.type()) && !"answer".equals(description.type())) {
                throw bad("'description.type' must be 'offer' or 'answer' (rollback stays on your side).");
            }
            if (description.sdp() == null || description.sdp().isBlank()) {
                throw bad("'description.sdp' is required.");
            }
            if (description.sdp().length() > MAX_SDP_CHARS) {
                throw new SamtalException(ErrorCode.PAYLOAD_TOO_LARGE,
                        "An SDP may be at most " + MAX_SDP_CHARS + " characters.");
            }
        } else {
            if (candidate.candidate() == null) {
                throw bad("'candidate.candidate' is required (an empty string ends the candidates).");
            }
            if (candidate.sdpMid() == null && candidate.sdpMLineIndex() == null) {
                throw bad("A candidate needs 'sdpMid' or 'sdpMLineIndex'.");
            }
            if (candidate.sdpMLineIndex() != null && (candidate.sdpMLineIndex() < 0 || candidate.sdpMLineIndex() > 1024)) {
                throw bad("'candidate.sdpMLineIndex' is out of range.");
            }
            if (candidate.candidate().length() > MAX_CANDIDATE_CHARS || tooLong(candidate.sdpMid())
                    || tooLong(candidate.usernameFragment())) {
                throw new SamtalException(ErrorCode.PAYLOAD_TOO_LARGE,
                        "A candidate may be at most " + MAX_CANDIDATE_CHARS + " characters.");
            }
        }
    }

    /**
     * Whether an SDP sends media: a section that is {@code sendrecv} or {@code sendonly} (the
     * default) and names a source ({@code a=ssrc} or {@code a=msid}). An observer's descriptions
     * must not.
     */
    public static boolean sendsMedia(String sdp) {
        if (sdp == null) {
            return false;
        }
        boolean inSection = false;
        boolean sending = true;
        boolean namesSource = false;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                if (inSection && sending && namesSource) {
                    return true;
                }
                inSection = true;
                sending = true;
                namesSource = false;
            } else if (inSection) {
                switch (line) {
                    case "a=recvonly", "a=inactive" -> sending = false;
                    case "a=sendrecv", "a=sendonly" -> sending = true;
                    default -> namesSource |= line.startsWith("a=ssrc:") || line.startsWith("a=msid:");
                }
            }
        }
        return inSection && sending && namesSource;
    }

    private static boolean tooLong(String s) {
        return s != null && s.length() > MAX_TAG_CHARS;
    }

    private static SamtalException bad(String message) {
        return new SamtalException(ErrorCode.BAD_REQUEST, message);
    }
}
