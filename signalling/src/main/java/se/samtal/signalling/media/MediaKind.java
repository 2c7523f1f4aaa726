package se.samtal.signalling.media;

/** What a source or an SDP media section carries. */
public enum MediaKind {
    AUDIO("audio"),
    VIDEO("video");

    private final String sdpName;

    MediaKind(String sdpName) {
        this.sdpName = sdpName;
    }

    /** The media name in SDP ({@code m=audio}) and Colibri2 ({@code "type": "audio"}). */
    public String sdpName() {
        return sdpName;
    }
}
