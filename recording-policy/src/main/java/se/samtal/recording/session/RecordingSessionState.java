package se.samtal.recording.session;

import se.samtal.recording.consent.Consent;

import java.util.List;

/**
 * The state of a session's recording rules as plain values ({@link RecordingSession#snapshot}),
 * to keep between changes where a session's state is not in one process's memory (cluster mode).
 * {@link RecordingSession#restore} from it goes on exactly as the original would.
 *
 * @param parties     everyone the rules know, in the order they were introduced
 * @param requestedBy the participant whose request stands, or null
 * @param run         the recording the recorder holds, or null
 * @param reason      why the state last changed, or null
 * @param shown       the state everyone was last shown
 */
public record RecordingSessionState(List<PartyState> parties, String requestedBy, RunState run, Reason reason,
                                    RecordingView shown) {
    public RecordingSessionState {
        parties = List.copyOf(parties);
    }

    /** One participant as the rules know them. */
    public record PartyState(String id, String role, boolean needsGuardian, Attendance attendance, Consent self,
                             Consent guardian, List<String> guardiansAsked) {
        public PartyState {
            guardiansAsked = List.copyOf(guardiansAsked);
        }
    }

    /**
     * The recording the recorder holds.
     *
     * @param told      what the recorder was last told: {@code RECORDING}, {@code PAUSED} or {@code STOPPED}
     * @param confirmed what it last confirmed: {@code NONE}, {@code RECORDING}, {@code PAUSED} or {@code STOPPED}
     */
    public record RunState(String id, String told, String confirmed) {
    }
}
