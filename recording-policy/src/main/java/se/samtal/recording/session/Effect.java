package se.samtal.recording.session;

import se.samtal.recording.consent.ConsentRecord;
import se.samtal.recording.recorder.RecorderCommand;

import java.util.List;

/** What must happen because of a step of the rules. The owner carries them out in order. */
public sealed interface Effect {

    /**
     * Show {@code recipient} the consent question about {@code subject}: about themselves, or, for
     * a guardian, about a participant who needs a guardian's yes.
     */
    record Prompt(String recipient, String subject, String textVersion) implements Effect {
        public boolean asGuardian() {
            return !recipient.equals(subject);
        }
    }

    /** A participant's consent changed; everyone who can see them should be told. */
    record ConsentChanged(String participantId, PartyConsent consent) implements Effect {
    }

    /** Tell the recorder this. {@code consents} is the evidence with START and RESUME, empty otherwise. */
    record Command(RecorderCommand command, String recordingId, List<ConsentRecord> consents) implements Effect {
        public Command {
            consents = List.copyOf(consents);
        }
    }

    /** The recording state changed; every participant should be told. */
    record StateChanged(RecordingView view) implements Effect {
    }
}
