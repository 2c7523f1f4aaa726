package se.samtal.recording.session;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import se.samtal.recording.consent.Consent;
import se.samtal.recording.consent.Decision;
import se.samtal.recording.consent.GivenBy;
import se.samtal.recording.policy.GuardianClaims;
import se.samtal.recording.policy.GuardianRule;
import se.samtal.recording.policy.JoinRule;
import se.samtal.recording.policy.RecordingMode;
import se.samtal.recording.policy.RecordingPolicy;
import se.samtal.recording.recorder.RecorderCommand;
import se.samtal.recording.recorder.RecorderReport;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any sequence of arrivals, moves, departures, requests, stops, answers (for oneself or for
 * someone else, with the right text or not) and recorder reports, on either join rule:
 * <ul>
 *   <li>the recorder is never told to record while someone in the room lacks a complete yes;</li>
 *   <li>taking a yes back stops it in that very step;</li>
 *   <li>nobody is shown the same question twice unless they opened it again themselves, and a no
 *       is never asked about again unless the one who said it opened it again;</li>
 *   <li>nobody's answer is ever given by anyone but them (or a guardian, for a minor);</li>
 *   <li>a refused step changes nothing, and every change is announced.</li>
 * </ul>
 */
class RecordingPropertiesTest {
    private static final String TEXT = "v2";
    /** Who may turn up: two therapists, a patient, a minor, a guardian, an interpreter. */
    private static final Map<String, String> ROLES = Map.of("t", "therapist", "t2", "therapist", "p", "patient",
            "m", "patient", "g", "guardian", "i", "interpreter");
    private static final List<String> IDS = List.of("t", "t2", "p", "m", "g", "i");

    sealed interface Action {
    }

    record Move(String who, Attendance to) implements Action {
    }

    record Request(String by, String text) implements Action {
    }

    record Stop(String by) implements Action {
    }

    record Decide(String by, String subject, Decision decision, String text) implements Action {
    }

    record Report(boolean current, RecorderReport report) implements Action {
    }

    record End() implements Action {
    }

    @Provide
    Arbitrary<List<Action>> scripts() {
        var who = Arbitraries.of(IDS);
        var moves = Combinators.combine(who, Arbitraries.of(Attendance.class)).as(Move::new);
        var requests = Combinators.combine(who, Arbitraries.of(TEXT, TEXT, "v1")).as(Request::new);
        var stops = who.map(Stop::new);
        var subjects = Arbitraries.of(IDS).injectNull(0.6);
        var decisions = Combinators.combine(who, subjects, Arbitraries.of(Decision.class), Arbitraries.of(TEXT, TEXT, "v1", null))
                .as(Decide::new);
        var reports = Combinators.combine(Arbitraries.of(true, true, true, false), Arbitraries.of(RecorderReport.class))
                .as(Report::new);
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                Tuple.of(6, moves), Tuple.of(3, requests), Tuple.of(1, stops),
                Tuple.of(8, decisions), Tuple.of(4, reports),
                Tuple.of(1, Arbitraries.just(new End())));
        return action.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 1500)
    void nobodyIsRecordedWithoutTheirYes(@ForAll("scripts") List<Action> script, @ForAll JoinRule joiners) {
        var policy = new RecordingPolicy(RecordingMode.WITH_CONSENT, Set.of("therapist"), Set.of("video"), joiners,
                GuardianRule.DEFAULT, TEXT);
        int[] recordings = {0};
        var rec = new RecordingSession(policy, "video", Clock.fixed(Fixture.NOW, ZoneOffset.UTC), () -> "r" + ++recordings[0]);
        for (String id : IDS) {
            rec.introduce(new Newcomer(id, ROLES.get(id), id.equals("m") ? new GuardianClaims(null, 11) : GuardianClaims.NONE));
        }
        var where = new HashMap<String, Attendance>();
        IDS.forEach(id -> where.put(id, Attendance.GONE));
        boolean told = false;
        Set<List<String>> shownSinceReopen = new HashSet<>();

        for (Action action : script) {
            var before = snapshot(rec);
            var recorderBefore = rec.view().recorder();
            List<Effect> effects;
            try {
                effects = apply(rec, action);
            } catch (RecordingRefused refused) {
                assertThat(snapshot(rec)).as("a refused %s changes nothing", action).isEqualTo(before);
                continue;
            }
            if (action instanceof Move move) {
                where.put(move.who(), move.to());
            }
            if (action instanceof Report r && r.current() && before.recording().isPresent()
                    && (r.report() == RecorderReport.STOPPED || r.report() == RecorderReport.FAILED)) {
                told = false; // the recorder says it is not recording any more
            }
            for (Effect effect : effects) {
                if (effect instanceof Effect.Command command) {
                    told = command.command().records();
                }
            }
            // 1. Never told to record while someone in the room lacks a complete yes.
            if (told) {
                for (String id : IDS) {
                    if (where.get(id) == Attendance.IN_ROOM) {
                        assertThat(rec.consentOf(id).orElseThrow().complete()).as("%s is in the room after %s", id, action).isTrue();
                    }
                }
            }
            // 2. Taking a yes back stops it at once.
            if (action instanceof Decide d && isWithdrawal(before, rec, d)) {
                assertThat(told).as("told to record after a withdrawal").isFalse();
                assertThat(rec.view().phase()).isEqualTo(Phase.OFF);
                assertThat(rec.view().recorder()).isIn(RecorderStatus.IDLE, RecorderStatus.STOPPING);
                if (recorderBefore != RecorderStatus.IDLE && recorderBefore != RecorderStatus.STOPPING) {
                    assertThat(Fixture.commands(effects)).containsExactly(RecorderCommand.STOP);
                }
            }
            // 3. The same question is shown again only after the one asked opened it again themselves.
            if (action instanceof Decide d && d.decision() == Decision.REOPEN) {
                shownSinceReopen.remove(List.of(d.by(), d.subject() == null ? d.by() : d.subject()));
            }
            for (Effect.Prompt prompt : Fixture.prompts(effects)) {
                assertThat(shownSinceReopen.add(List.of(prompt.recipient(), prompt.subject())))
                        .as("%s asked about %s again, after %s", prompt.recipient(), prompt.subject(), action).isTrue();
                Consent asked = prompt.asGuardian() ? rec.consentOf(prompt.subject()).orElseThrow().guardian()
                        : rec.consentOf(prompt.subject()).orElseThrow().self();
                assertThat(asked.status().isNo()).as("a no is never asked about again").isFalse();
            }
            // 4. Every answer is the person's own, or a present guardian's for a minor.
            for (String id : IDS) {
                var consent = rec.consentOf(id).orElseThrow();
                if (consent.self().by() != null) {
                    assertThat(consent.self().by()).isEqualTo(GivenBy.SELF);
                }
                if (consent.guardian() != null && consent.guardian().guardianId() != null) {
                    assertThat(ROLES.get(consent.guardian().guardianId())).isEqualTo("guardian");
                    assertThat(id).isEqualTo("m");
                }
            }
            // 5. Every change is announced.
            assertAnnounced(before, rec, effects);
        }
    }

    /**
     * Kept and restored after any step (as cluster mode does for every change), the rules go on
     * exactly as the original: the same effects and the same answers to every question, and a
     * refusal where the original refuses.
     */
    @Property(tries = 500)
    void aRestoredSessionGoesOnExactlyAsTheOriginal(@ForAll("scripts") List<Action> script, @ForAll JoinRule joiners) {
        var policy = new RecordingPolicy(RecordingMode.WITH_CONSENT, Set.of("therapist"), Set.of("video"), joiners,
                GuardianRule.DEFAULT, TEXT);
        var clock = Clock.fixed(Fixture.NOW, ZoneOffset.UTC);
        int[] originalIds = {0};
        int[] keptIds = {0};
        var original = new RecordingSession(policy, "video", clock, () -> "r" + ++originalIds[0]);
        var kept = new RecordingSession(policy, "video", clock, () -> "r" + ++keptIds[0]);
        for (String id : IDS) {
            var newcomer = new Newcomer(id, ROLES.get(id), id.equals("m") ? new GuardianClaims(null, 11) : GuardianClaims.NONE);
            original.introduce(newcomer);
            kept.introduce(newcomer);
        }
        for (Action action : script) {
            kept = RecordingSession.restore(policy, "video", clock, () -> "r" + ++keptIds[0], kept.snapshot());
            List<Effect> expected;
            try {
                expected = apply(original, action);
            } catch (RecordingRefused refused) {
                var restored = kept;
                assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(RecordingRefused.class, () -> apply(restored, action)))
                        .as("refused after a restore too: %s", action).isNotNull();
                continue;
            }
            assertThat(apply(kept, action)).as("effects of %s", action).isEqualTo(expected);
            assertThat(kept.snapshot()).isEqualTo(original.snapshot());
            assertThat(snapshot(kept)).isEqualTo(snapshot(original));
            for (String id : IDS) {
                assertThat(kept.mayEnter(id)).isEqualTo(original.mayEnter(id));
                assertThat(kept.openPrompts(id)).isEqualTo(original.openPrompts(id));
            }
        }
    }

    private static List<Effect> apply(RecordingSession rec, Action action) {
        return switch (action) {
            case Move move -> rec.moved(move.who(), move.to());
            case Request request -> rec.request(request.by(), request.text());
            case Stop stop -> rec.stop(stop.by());
            case Decide d -> rec.decide(d.by(), d.subject(), d.decision(), d.text());
            case Report report -> rec.recorderReported(report.current() ? rec.currentRecording().orElse("none") : "stale",
                    report.report());
            case End end -> rec.end();
        };
    }

    private static boolean isWithdrawal(Snapshot before, RecordingSession rec, Decide d) {
        String subject = d.subject() == null ? d.by() : d.subject();
        boolean asGuardian = !subject.equals(d.by());
        PartyConsent was = before.consents().get(subject);
        PartyConsent now = rec.consentOf(subject).orElseThrow();
        Consent previous = asGuardian ? was.guardian() : was.self();
        Consent next = asGuardian ? now.guardian() : now.self();
        return previous.status().isYes() && next.status().isNo();
    }

    private static void assertAnnounced(Snapshot before, RecordingSession rec, List<Effect> effects) {
        var after = snapshot(rec);
        if (!after.view().equals(before.view())) {
            assertThat(effects.getLast()).isEqualTo(new Effect.StateChanged(after.view()));
        } else {
            assertThat(effects).noneMatch(Effect.StateChanged.class::isInstance);
        }
        for (String id : IDS) {
            if (!after.consents().get(id).equals(before.consents().get(id))) {
                assertThat(effects).contains(new Effect.ConsentChanged(id, after.consents().get(id)));
            }
        }
    }

    record Snapshot(RecordingView view, Map<String, PartyConsent> consents, Optional<String> recording) {
    }

    private static Snapshot snapshot(RecordingSession rec) {
        var consents = new HashMap<String, PartyConsent>();
        for (String id : IDS) {
            consents.put(id, rec.consentOf(id).orElseThrow());
        }
        return new Snapshot(rec.view(), Map.copyOf(consents), rec.currentRecording());
    }
}
