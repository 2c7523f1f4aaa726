package se.samtal.recording.consent;

/**
 * The consent evidence for one participant, handed to the recorder with every start and resume
 * so that a recording carries who agreed to it, when, and to which text.
 *
 * @param guardian the guardian's answer for this participant, or null if none is needed
 */
public record ConsentRecord(String participantId, String role, Consent self, Consent guardian) {
}
