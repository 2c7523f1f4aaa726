package se.samtal.protocol.recording;

/**
 * A participant's consent to recording, as everyone who can see them is shown it.
 *
 * @param status   their own answer
 * @param guardian a guardian's answer for them; present only for someone who needs a guardian's
 *                 yes as well as their own (a minor, by age or by the platform's say)
 */
public record ConsentView(ConsentState status, ConsentState guardian) {
}
