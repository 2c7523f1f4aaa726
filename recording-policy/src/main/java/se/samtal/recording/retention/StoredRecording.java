package se.samtal.recording.retention;

import java.time.Instant;

/**
 * A finished recording as an archive keeps it.
 *
 * @param endedAt when the recorder stopped it; retention counts from here
 */
public record StoredRecording(String tenantId, String sessionId, String recordingId, Instant startedAt, Instant endedAt) {
}
