package se.samtal.recording.retention;

import java.time.Instant;
import java.util.List;

/**
 * Where finished recordings are kept (the port retention works through). The recorder that
 * comes with the video bridge will write here; until then nothing is ever stored, and
 * {@link #NONE} is the archive.
 */
public interface RecordingArchive {

    /** An archive that holds nothing, for a samtal that cannot record yet. */
    RecordingArchive NONE = new RecordingArchive() {
        @Override
        public List<StoredRecording> endedBefore(String tenantId, Instant cutoff, int limit) {
            return List.of();
        }

        @Override
        public boolean delete(String tenantId, String recordingId) {
            return false;
        }
    };

    /** Up to {@code limit} of the tenant's recordings that ended before {@code cutoff}, oldest first. */
    List<StoredRecording> endedBefore(String tenantId, Instant cutoff, int limit);

    /** Deletes a recording with its media and consent evidence; false if it was not there. */
    boolean delete(String tenantId, String recordingId);
}
