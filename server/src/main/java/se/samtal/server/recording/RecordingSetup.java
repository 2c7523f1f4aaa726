package se.samtal.server.recording;

import se.samtal.protocol.recording.ConsentText;
import se.samtal.recording.policy.RecordingPolicy;
import se.samtal.recording.recorder.Recorder;
import se.samtal.server.config.TenantRecordingConfig;

import java.util.LinkedHashMap;

/** What a live session needs to apply its tenant's recording rules: the rules, the consent text, the recorder. */
public record RecordingSetup(RecordingPolicy policy, ConsentText consentText, Recorder recorder) {

    public static RecordingSetup of(TenantRecordingConfig config, Recorder recorder) {
        if (!config.enabled()) {
            return new RecordingSetup(RecordingPolicy.DISABLED, null, recorder);
        }
        var text = config.consentText();
        var byLanguage = new LinkedHashMap<String, String>();
        byLanguage.put("sv", text.sv());
        if (text.en() != null) {
            byLanguage.put("en", text.en());
        }
        return new RecordingSetup(config.policy(), new ConsentText(text.version(), byLanguage), recorder);
    }
}
