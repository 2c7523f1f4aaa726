package se.samtal.recording.session;

/**
 * What the rules want, for the session as a whole.
 *
 * <ul>
 *   <li>{@code OFF}: no one has asked for a recording (or the request ended).</li>
 *   <li>{@code AWAITING_CONSENT}: asked for; someone in the room has not said yes yet.</li>
 *   <li>{@code RECORDING}: asked for, and everyone in the room has said yes.</li>
 *   <li>{@code PAUSED}: it was recording; someone in the room has not said yes yet.</li>
 * </ul>
 * What the recorder actually does is {@link RecorderStatus}.
 */
public enum Phase {
    OFF, AWAITING_CONSENT, RECORDING, PAUSED
}
