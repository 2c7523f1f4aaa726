package se.samtal.recording.policy;

/** Whether a tenant records at all. Disabled is the default: many providers promise they never record. */
public enum RecordingMode {
    DISABLED, WITH_CONSENT
}
