package se.samtal.signalling.live;

import se.samtal.protocol.recording.ConsentText;
import se.samtal.recording.policy.RecordingPolicy;
import se.samtal.recording.recorder.Recorder;

/**
 * What a live session needs to apply its tenant's recording rules: the rules, the consent text
 * people are shown (null where recording is disabled), and the recorder.
 */
public record RecordingSetup(RecordingPolicy policy, ConsentText consentText, Recorder recorder) {
}
