package se.samtal.server.recording;

import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.recording.ConsentDecision;
import se.samtal.protocol.recording.ConsentState;
import se.samtal.protocol.recording.ConsentView;
import se.samtal.protocol.recording.RecorderState;
import se.samtal.protocol.recording.RecordingPhase;
import se.samtal.protocol.recording.RecordingReason;
import se.samtal.recording.consent.Consent;
import se.samtal.recording.consent.Decision;
import se.samtal.recording.session.PartyConsent;
import se.samtal.recording.session.RecordingView;

/**
 * Between the recording rules' own types and the wire protocol's. The two name the same things
 * (the rules may not depend on the protocol), so every mapping is by name and a test checks that
 * each constant has its counterpart.
 */
public final class RecordingWire {
    private RecordingWire() {
    }

    public static ServerMessage.Recording event(long seq, RecordingView view) {
        return new ServerMessage.Recording(seq, RecordingPhase.valueOf(view.phase().name()),
                RecorderState.valueOf(view.recorder().name()), view.requestedBy(),
                view.reason() == null ? null : RecordingReason.valueOf(view.reason().name()));
    }

    public static ConsentView consent(PartyConsent consent) {
        return new ConsentView(state(consent.self()), consent.guardian() == null ? null : state(consent.guardian()));
    }

    public static ConsentState state(Consent consent) {
        return ConsentState.valueOf(consent.status().name());
    }

    public static Decision decision(ConsentDecision decision) {
        return Decision.valueOf(decision.name());
    }
}
