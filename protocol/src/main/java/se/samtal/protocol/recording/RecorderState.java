package se.samtal.protocol.recording;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import se.samtal.protocol.WireNames;

/**
 * What the recorder has confirmed, or been told and not yet confirmed: {@code idle},
 * {@code starting}, {@code recording}, {@code pausing}, {@code paused}, {@code resuming},
 * {@code stopping}. Show a recording indicator from this: anything but {@code idle} and
 * {@code paused} means media may be being recorded.
 */
public enum RecorderState {
    IDLE, STARTING, RECORDING, PAUSING, PAUSED, RESUMING, STOPPING;

    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static RecorderState fromWire(String wire) {
        return WireNames.lookup(values(), wire);
    }
}
