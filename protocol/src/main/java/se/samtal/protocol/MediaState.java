package se.samtal.protocol;

/**
 * What a participant sends, as they say it: microphone on, camera on, and whether they chose
 * audio only (camera off and no video received, for weak networks or by preference).
 */
public record MediaState(boolean microphone, boolean camera, boolean audioOnly) {
    /** Before a participant says anything: microphone and camera on. */
    public static final MediaState DEFAULT = new MediaState(true, true, false);
}
