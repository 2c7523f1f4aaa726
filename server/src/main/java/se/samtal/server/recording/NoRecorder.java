package se.samtal.server.recording;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.recording.consent.ConsentRecord;
import se.samtal.recording.recorder.Recorder;
import se.samtal.recording.recorder.RecorderReport;
import se.samtal.recording.recorder.RecorderReports;
import se.samtal.recording.recorder.RecordingTarget;

import java.util.List;

/**
 * The recorder samtal has today: none. Recording needs the media to pass a server (a video
 * bridge), and calls are still peer to peer, so every start is reported as failed. The consent
 * flow and the indicator work end to end; the indicator honestly never shows a recording.
 */
public final class NoRecorder implements Recorder {
    private static final Logger log = LoggerFactory.getLogger(NoRecorder.class);

    @Override
    public void start(RecordingTarget target, RecorderReports reports) {
        log.atWarn().setMessage("Recording asked for, but this samtal has no recorder (media does not pass a server yet)")
                .addKeyValue("tenant", target.tenantId()).addKeyValue("session", target.sessionId())
                .addKeyValue("recording", target.recordingId()).log();
        reports.report(target.recordingId(), RecorderReport.FAILED);
    }

    @Override
    public void pause(String recordingId) {
        // nothing is ever recording
    }

    @Override
    public void resume(String recordingId, List<ConsentRecord> consents) {
        // nothing is ever recording
    }

    @Override
    public void stop(String recordingId) {
        // nothing is ever recording
    }
}
