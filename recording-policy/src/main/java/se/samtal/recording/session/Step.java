package se.samtal.recording.session;

import se.samtal.recording.consent.ConsentRecord;
import se.samtal.recording.recorder.RecorderCommand;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The effects of one step of a {@link RecordingSession}, in the order the owner should carry them out. */
final class Step {
    private final String textVersion;
    final Set<Party> changed = new LinkedHashSet<>();
    private final List<Effect.Prompt> prompts = new ArrayList<>();
    private final List<Effect.Command> commands = new ArrayList<>();
    Effect.StateChanged state;

    Step(String textVersion) {
        this.textVersion = textVersion;
    }

    /** Shows {@code recipient} the question about {@code subject} (a guardian is remembered as asked). */
    void prompt(Party recipient, Party subject) {
        prompts.add(new Effect.Prompt(recipient.id, subject.id, textVersion));
        if (recipient != subject) {
            subject.guardiansAsked.add(recipient.id);
        }
    }

    void command(RecorderCommand command, String recordingId, List<ConsentRecord> consents) {
        commands.add(new Effect.Command(command, recordingId, consents));
    }

    /** Consent changes first, then questions, then what the recorder is told, then the new state. */
    List<Effect> effects() {
        var effects = new ArrayList<Effect>();
        for (Party party : changed) {
            effects.add(new Effect.ConsentChanged(party.id, party.consent()));
        }
        effects.addAll(prompts);
        effects.addAll(commands);
        if (state != null) {
            effects.add(state);
        }
        return effects;
    }
}
