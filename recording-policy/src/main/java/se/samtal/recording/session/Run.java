package se.samtal.recording.session;

/**
 * The recording in progress: what the recorder was last told, and what it has confirmed.
 * A run ends when the recorder confirms it stopped (or failed).
 */
final class Run {
    enum State { NONE, RECORDING, PAUSED, STOPPED }

    final String id;
    /** What the recorder was last told: RECORDING (start/resume), PAUSED or STOPPED. */
    State told = State.RECORDING;
    /** What the recorder last confirmed: NONE before it confirmed the start. */
    State confirmed = State.NONE;

    Run(String id) {
        this.id = id;
    }

    RecorderStatus status() {
        return switch (told) {
            case STOPPED -> RecorderStatus.STOPPING;
            case RECORDING -> switch (confirmed) {
                case RECORDING -> RecorderStatus.RECORDING;
                case PAUSED -> RecorderStatus.RESUMING;
                default -> RecorderStatus.STARTING;
            };
            case PAUSED -> confirmed == State.PAUSED ? RecorderStatus.PAUSED : RecorderStatus.PAUSING;
            case NONE -> throw new IllegalStateException("a run is always told something");
        };
    }
}
