package se.samtal.videobridge.sdp;

/** An SDP that is not what samtal offered or expects; the message can be shown to its sender. */
public final class SdpException extends RuntimeException {
    public SdpException(String message) {
        super(message);
    }
}
