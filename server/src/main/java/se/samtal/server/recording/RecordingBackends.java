package se.samtal.server.recording;

import se.samtal.recording.recorder.Recorder;
import se.samtal.recording.retention.RecordingArchive;

/**
 * What records and keeps recordings. Today that is nothing ({@link #NONE}); tests plug in a fake
 * recorder that behaves as a real one would. The recorder that comes with the video bridge
 * replaces both.
 */
public record RecordingBackends(Recorder recorder, RecordingArchive archive) {
    public static final RecordingBackends NONE = new RecordingBackends(new NoRecorder(), RecordingArchive.NONE);
}
