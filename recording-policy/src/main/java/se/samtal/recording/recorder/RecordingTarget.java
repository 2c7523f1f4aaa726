package se.samtal.recording.recorder;

import se.samtal.recording.consent.ConsentRecord;

import java.util.List;

/**
 * What a recorder is asked to record.
 *
 * @param consents the consent evidence of everyone in the session when it starts; it belongs
 *                 with the recording for as long as the recording is kept
 */
public record RecordingTarget(String tenantId, String sessionId, String recordingId, List<ConsentRecord> consents) {
    public RecordingTarget {
        consents = List.copyOf(consents);
    }
}
