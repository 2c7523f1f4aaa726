package se.samtal.recording.session;

import se.samtal.recording.consent.Decision;
import se.samtal.recording.policy.GuardianClaims;
import se.samtal.recording.policy.RecordingPolicy;
import se.samtal.recording.recorder.RecorderCommand;
import se.samtal.recording.recorder.RecorderReport;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A recording session under test, with helpers to put people in it and read its effects. */
final class Fixture {
    static final String TEXT = "2026-11";
    static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    final RecordingSession rec;
    private int recordings;

    Fixture(RecordingPolicy policy) {
        this(policy, "video");
    }

    Fixture(RecordingPolicy policy, String sessionKind) {
        rec = new RecordingSession(policy, sessionKind, Clock.fixed(NOW, ZoneOffset.UTC), () -> "rec-" + ++recordings);
    }

    static Fixture withConsent() {
        return new Fixture(RecordingPolicy.withConsent(TEXT));
    }

    /** Someone comes into the room. */
    List<Effect> in(String id, String role) {
        return in(id, role, GuardianClaims.NONE);
    }

    List<Effect> in(String id, String role, GuardianClaims claims) {
        rec.introduce(new Newcomer(id, role, claims));
        return rec.moved(id, Attendance.IN_ROOM);
    }

    /** Someone arrives in the waiting room. */
    List<Effect> waiting(String id, String role) {
        rec.introduce(new Newcomer(id, role, GuardianClaims.NONE));
        return rec.moved(id, Attendance.WAITING);
    }

    List<Effect> give(String by) {
        return rec.decide(by, null, Decision.GIVE, TEXT);
    }

    List<Effect> say(String by, Decision decision) {
        return rec.decide(by, null, decision, decision == Decision.GIVE ? TEXT : null);
    }

    List<Effect> request(String by) {
        return rec.request(by, TEXT);
    }

    /** A therapist t and a patient p, both in, recording confirmed. */
    static Fixture recordingTherapistAndPatient() {
        var f = withConsent();
        f.in("t", "therapist");
        f.in("p", "patient");
        f.request("t");
        f.give("p");
        f.confirm(RecorderReport.STARTED);
        return f;
    }

    List<Effect> confirm(RecorderReport report) {
        return rec.recorderReported(rec.currentRecording().orElseThrow(), report);
    }

    static List<RecorderCommand> commands(List<Effect> effects) {
        return effects.stream().filter(Effect.Command.class::isInstance).map(e -> ((Effect.Command) e).command()).toList();
    }

    static List<Effect.Prompt> prompts(List<Effect> effects) {
        return effects.stream().filter(Effect.Prompt.class::isInstance).map(Effect.Prompt.class::cast).toList();
    }

    static RecordingView state(List<Effect> effects) {
        return effects.stream().filter(Effect.StateChanged.class::isInstance).map(e -> ((Effect.StateChanged) e).view())
                .reduce((a, b) -> b).orElse(null);
    }
}
