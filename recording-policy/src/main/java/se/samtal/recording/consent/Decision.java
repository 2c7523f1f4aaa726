package se.samtal.recording.consent;

/**
 * What a person says about a recording: yes, no, take a yes back, or open a no again to answer
 * anew. Saying no always works, whatever came before: a {@code REFUSE} after a yes is a
 * withdrawal, a {@code WITHDRAW} before any yes is a refusal.
 */
public enum Decision {
    GIVE, REFUSE, WITHDRAW, REOPEN
}
