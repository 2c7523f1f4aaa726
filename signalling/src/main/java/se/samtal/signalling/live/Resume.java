package se.samtal.signalling.live;

/** What a resume token says: the participant it was made for, and the event stream it counted in. */
public record Resume(String participantId, String streamId) {
}
