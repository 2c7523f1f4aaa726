package se.samtal.signalling.live.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import se.samtal.signalling.live.LiveSessionContext;
import se.samtal.signalling.live.SessionRecording;
import se.samtal.signalling.live.SessionState;
import se.samtal.signalling.room.RoomState;
import se.samtal.signalling.visit.Booking;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * A live session's state as JSON, the way Redis keeps it: the booking, the stream's id and last
 * {@code seq}, the next alarm, the places (with person refs and names: values only, never key
 * names), the room's {@link RoomState} with its call's state, and the recording rules' state
 * (consents with their evidence).
 */
final class SessionStateCodec {

    /** The state's fields, as one JSON object. */
    record Stored(Booking booking, String streamId, long seq, Instant alarmAt, List<SessionState.PlaceState> places,
                  RoomState room, SessionRecording.Kept recording) {
    }

    String write(SessionState state) {
        try {
            return LiveJson.MAPPER.writeValueAsString(new Stored(state.booking(), state.streamId(), state.seq(), state.alarmAt(),
                    state.placeStates(), state.room().snapshot(), state.recordingState()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    SessionState read(String text, LiveSessionContext context) {
        try {
            Stored s = LiveJson.MAPPER.readValue(text, Stored.class);
            return SessionState.restore(s.booking(), s.streamId(), s.seq(), s.alarmAt(), s.places(), s.room(), s.recording(), context);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
