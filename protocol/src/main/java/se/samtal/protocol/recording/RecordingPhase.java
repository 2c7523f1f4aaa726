package se.samtal.protocol.recording;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import se.samtal.protocol.WireNames;

/**
 * What the rules want for the session: {@code off} (nobody asked, or the request ended),
 * {@code awaiting_consent} (asked; someone in the session has not said yes),
 * {@code recording} (everyone in the session has said yes), {@code paused} (it was recording;
 * someone who came in has not said yes yet). What the recorder actually does is {@link RecorderState}.
 */
public enum RecordingPhase {
    OFF, AWAITING_CONSENT, RECORDING, PAUSED;

    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static RecordingPhase fromWire(String wire) {
        return WireNames.lookup(values(), wire);
    }
}
