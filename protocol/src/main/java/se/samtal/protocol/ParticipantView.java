package se.samtal.protocol;

import se.samtal.protocol.recording.ConsentView;

import java.time.Instant;

/**
 * A participant as the others in a session see them. {@code participantId} is samtal's id for
 * this person in this session (stable across reconnects); the platform's person reference is
 * never sent to other participants.
 *
 * @param presence     connection: joined, away, reconnecting, disconnected, left
 * @param stage        their way through the visit: waiting, admitted, in call, left
 * @param media        microphone, camera, audio only, as they last said
 * @param waitingSince while {@code stage} is {@code waiting}: since when (hosts show how long)
 * @param consent      their answers about being recorded, in a session that may be recorded; absent otherwise
 */
public record ParticipantView(String participantId, Role role, String name, PresenceState presence, Stage stage,
                              MediaState media, Instant waitingSince, ConsentView consent) {
}
