package se.samtal.recording.session;

/** Why the rules refused a request. Refused requests change nothing. */
public enum Refusal {
    DISABLED("Recording is not allowed in this session."),
    NOT_A_REQUESTER("Your role may not ask for or stop a recording."),
    NOT_IN_ROOM("Only someone who has been let in can ask for a recording."),
    CONSENT_REFUSED("Someone in the session has said no to recording; only they can change that."),
    NOT_THEIR_GUARDIAN("You can answer for yourself, or as a guardian for someone who needs a guardian's consent."),
    ANOTHER_GUARDIAN_SAID_NO("Another guardian has said no for this person; only that guardian can change it."),
    UNKNOWN_PARTICIPANT("No such participant in this session."),
    TEXT_VERSION_MISMATCH("That is not the current consent text; show the current one and answer again."),
    NOTHING_TO_REOPEN("There is no answer of yours that said no to open again.");

    private final String explanation;

    Refusal(String explanation) {
        this.explanation = explanation;
    }

    /** A human explanation without personal data. */
    public String explanation() {
        return explanation;
    }
}
