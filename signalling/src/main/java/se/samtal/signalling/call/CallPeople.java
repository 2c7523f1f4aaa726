package se.samtal.signalling.call;

/** What a call needs to know of the people in its room. */
public interface CallPeople {
    /** Whether {@code participantId}'s connection is up now (signals to one who is reconnecting are refused, not lost). */
    boolean reachable(String participantId);

    /** Whether {@code participantId} sends media at all (an observer receives and does not send). */
    boolean sends(String participantId);
}
