package se.samtal.recording.consent;

/** Who answered for the person: they themselves, or a guardian on their behalf. */
public enum GivenBy {
    SELF, GUARDIAN
}
