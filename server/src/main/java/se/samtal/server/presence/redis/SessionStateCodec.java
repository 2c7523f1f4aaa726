package se.samtal.server.presence.redis;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import se.samtal.protocol.WireCodec;
import se.samtal.server.booking.Booking;
import se.samtal.server.presence.LiveSessionContext;
import se.samtal.server.presence.SessionRecording;
import se.samtal.server.presence.SessionState;
import se.samtal.signalling.call.CallState;
import se.samtal.signalling.call.PeerToPeerCall;
import se.samtal.signalling.room.RoomState;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * A live session's state as JSON, the way Redis keeps it: the booking, the stream's id and last
 * {@code seq}, the next alarm, the seats (with person refs and names: values only, never key
 * names), the room's {@link RoomState} and the recording rules' state (consents with their evidence).
 */
final class SessionStateCodec {
    private final ObjectMapper json = WireCodec.newMapper().addMixIn(CallState.class, CallKinds.class);

    /** Which kind of call a kept call state is of. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes(@JsonSubTypes.Type(value = PeerToPeerCall.State.class, name = "peer-to-peer"))
    private interface CallKinds {
    }

    /** The state's fields, as one JSON object. */
    record Stored(Booking booking, String streamId, long seq, Instant alarmAt, List<SessionState.SeatState> seats,
                  RoomState room, SessionRecording.Kept recording) {
    }

    String write(SessionState state) {
        try {
            return json.writeValueAsString(new Stored(state.booking(), state.streamId(), state.seq(), state.alarmAt(),
                    state.seatStates(), state.room().snapshot(), state.recordingState()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    SessionState read(String text, LiveSessionContext context) {
        try {
            Stored s = json.readValue(text, Stored.class);
            return SessionState.restore(s.booking(), s.streamId(), s.seq(), s.alarmAt(), s.seats(), s.room(), s.recording(), context);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
