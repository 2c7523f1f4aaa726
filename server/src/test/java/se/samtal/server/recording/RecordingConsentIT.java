package se.samtal.server.recording;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.Stage;
import se.samtal.protocol.recording.ConsentDecision;
import se.samtal.protocol.recording.ConsentState;
import se.samtal.protocol.recording.RecorderState;
import se.samtal.protocol.recording.RecordingPhase;
import se.samtal.protocol.recording.RecordingReason;
import se.samtal.recording.consent.ConsentRecord;
import se.samtal.recording.consent.ConsentStatus;
import se.samtal.recording.consent.GivenBy;
import se.samtal.recording.recorder.RecorderCommand;
import se.samtal.server.testing.TestServer;
import se.samtal.server.visit.Visits;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.recording.Recordings.VERSION;
import static se.samtal.server.recording.Recordings.answerFor;
import static se.samtal.server.recording.Recordings.ask;
import static se.samtal.server.recording.Recordings.awaitPrompt;
import static se.samtal.server.recording.Recordings.awaitState;
import static se.samtal.server.recording.Recordings.say;
import static se.samtal.server.testing.TestServer.platformClaims;
import static se.samtal.server.testing.TestServer.sign;
import static se.samtal.server.visit.Visits.WAIT;
import static se.samtal.server.visit.Visits.awaitStage;
import static se.samtal.server.visit.Visits.ok;
import static se.samtal.server.visit.Visits.refused;

/** The consent flow through the real gateway and the Java client, with a recorder that behaves like one. */
class RecordingConsentIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Recordings.allowed("pause"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void theRecorderNeverGotACommandOutOfOrder() {
        server.recorder().confirmAtOnce(true);
        server.recorder().canRecord(true);
        assertThat(server.recorder().violations()).isEmpty();
    }

    private static SamtalConnection joinAs(String session, String ref, String role) {
        return server.join(sign(platformClaims(session, ref, role).build(), TestServer.SECRET));
    }

    @Test
    void thePatientSaysNoAndNobodyCanStartIt() throws Exception {
        var pair = Visits.admitted(server);
        var therapist = pair.therapist();
        var patient = pair.patient();
        String patientId = pair.patientId();
        assertThat(therapist.welcome().recording().youMayRequest()).isTrue();
        assertThat(patient.welcome().recording().youMayRequest()).isFalse();
        assertThat(patient.welcome().recording().consentText().version()).isEqualTo(VERSION);
        assertThat(patient.welcome().you().consent().status()).isEqualTo(ConsentState.NOT_ASKED);

        ok(ask(therapist));
        var prompt = awaitPrompt(patient, patientId);
        assertThat(prompt.asGuardian()).isFalse();
        assertThat(prompt.consentText().text()).containsEntry("sv", Recordings.TEXT_SV).containsEntry("en", Recordings.TEXT_EN);
        awaitState(therapist, RecordingPhase.AWAITING_CONSENT, RecorderState.IDLE);

        ok(say(patient, ConsentDecision.REFUSE));
        assertThat(therapist.awaitEvent(ServerMessage.Presence.class, p -> p.participant().participantId().equals(patientId)
                && p.participant().consent().status() == ConsentState.REFUSED, WAIT)).as("everyone sees the no").isNotNull();
        for (SamtalConnection c : new SamtalConnection[] {therapist, patient}) {
            var off = awaitState(c, r -> r.phase() == RecordingPhase.OFF);
            assertThat(off.reason()).isEqualTo(RecordingReason.REFUSED);
            assertThat(off.recorder()).isEqualTo(RecorderState.IDLE);
        }

        assertThat(refused(ask(therapist))).isEqualTo(ErrorCode.CONSENT_REFUSED);
        assertThat(refused(ask(patient))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused(answerFor(therapist, patientId, ConsentDecision.GIVE))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused(answerFor(therapist, patientId, ConsentDecision.REOPEN))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(server.recorder().commandsFor(pair.session())).isEmpty();
        ok(patient.request(ClientMessage.Ping::new));
        assertThat(patient.awaitEvent(ServerMessage.Recording.class, r -> true, java.time.Duration.ofMillis(200)))
                .as("the refused attempts changed nothing").isNull();
        therapist.close();
        patient.close();
    }

    @Test
    void bothSayYesAndBothSeeTheRecorderConfirmIt() throws Exception {
        server.recorder().confirmAtOnce(false);
        var pair = Visits.admitted(server);
        ok(ask(pair.therapist()));
        ok(say(pair.patient(), ConsentDecision.GIVE));
        var seenByTherapist = awaitState(pair.therapist(), RecordingPhase.RECORDING, RecorderState.STARTING);
        assertThat(awaitState(pair.patient(), RecordingPhase.RECORDING, RecorderState.STARTING))
                .as("one event, one seq, for everyone").isEqualTo(seenByTherapist);
        var start = server.recorder().receivedFor(pair.session());
        assertThat(start).extracting(r -> r.command()).containsExactly(RecorderCommand.START);
        assertThat(start.getFirst().consents()).extracting(ConsentRecord::participantId)
                .containsExactly(pair.therapist().welcome().you().participantId(), pair.patientId());
        assertThat(start.getFirst().consents()).allSatisfy(c -> {
            assertThat(c.self().status()).isEqualTo(ConsentStatus.GIVEN);
            assertThat(c.self().textVersion()).isEqualTo(VERSION);
            assertThat(c.self().by()).isEqualTo(GivenBy.SELF);
        });

        server.recorder().confirmHeld();
        for (SamtalConnection c : new SamtalConnection[] {pair.therapist(), pair.patient()}) {
            var on = awaitState(c, RecordingPhase.RECORDING, RecorderState.RECORDING);
            assertThat(on.requestedBy()).isEqualTo(pair.therapist().welcome().you().participantId());
        }
        pair.therapist().close();
        pair.patient().close();
    }

    @Test
    void anInterpreterComingInPausesItUntilTheySayYes() throws Exception {
        var pair = Recordings.recording(server);
        var interpreter = joinAs(pair.session(), "interpreter-1", "interpreter");
        String interpreterId = interpreter.welcome().you().participantId();
        assertThat(interpreter.welcome().you().stage()).isEqualTo(Stage.ADMITTED);
        assertThat(interpreter.welcome().recording().phase()).isEqualTo(RecordingPhase.PAUSED);
        awaitPrompt(interpreter, interpreterId);
        var paused = awaitState(pair.patient(), RecordingPhase.PAUSED, RecorderState.PAUSED);
        assertThat(paused.reason()).isEqualTo(RecordingReason.CONSENT_MISSING);

        ok(say(interpreter, ConsentDecision.GIVE));
        awaitState(pair.therapist(), RecordingPhase.RECORDING, RecorderState.RECORDING);
        awaitState(interpreter, RecordingPhase.RECORDING, RecorderState.RECORDING);
        var received = server.recorder().receivedFor(pair.session());
        assertThat(received).extracting(r -> r.command())
                .containsExactly(RecorderCommand.START, RecorderCommand.PAUSE, RecorderCommand.RESUME);
        assertThat(received.getLast().consents()).extracting(ConsentRecord::participantId).contains(interpreterId);
        interpreter.close();
        pair.therapist().close();
        pair.patient().close();
    }

    @Test
    void thePatientTakesTheirYesBackAndTheRecorderIsStoppedAtOnce() throws Exception {
        var pair = Recordings.recording(server);
        ok(say(pair.patient(), ConsentDecision.WITHDRAW));
        var stopped = awaitState(pair.therapist(), r -> r.phase() == RecordingPhase.OFF);
        assertThat(stopped.reason()).isEqualTo(RecordingReason.WITHDRAWN);
        assertThat(server.recorder().commandsFor(pair.session())).containsExactly(RecorderCommand.START, RecorderCommand.STOP);
        awaitState(pair.patient(), RecordingPhase.OFF, RecorderState.IDLE);
        assertThat(server.recorder().stored()).anySatisfy(r -> assertThat(r.sessionId()).isEqualTo(pair.session()));
        assertThat(refused(ask(pair.therapist()))).as("a withdrawal is final until the patient changes it")
                .isEqualTo(ErrorCode.CONSENT_REFUSED);
        pair.therapist().close();
        pair.patient().close();
    }

    @Test
    void everyYesNoAndWithdrawalAndWhatTheRecorderConfirmedIsInTheSessionsAuditTrail() throws Exception {
        var pair = Recordings.recording(server);
        ok(say(pair.patient(), ConsentDecision.WITHDRAW));
        awaitState(pair.therapist(), r -> r.phase() == RecordingPhase.OFF);
        var expected = java.util.List.of("consent.given therapist-1 therapist-1", "consent.given patient-1 patient-1",
                "recording.started system -", "consent.withdrawn patient-1 patient-1", "recording.stopped system -");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            var log = server.api("GET", "/api/v1/audit/sessions/" + pair.session() + "?limit=100", null);
            assertThat(log.status()).isEqualTo(200);
            var seen = new java.util.ArrayList<String>();
            for (var entry : log.body().get("items")) {
                String action = entry.get("action").asText();
                if (action.startsWith("consent.") || action.startsWith("recording.")) {
                    var actor = entry.get("actor");
                    seen.add(action + " " + (actor.has("ref") ? actor.get("ref").asText() : actor.get("kind").asText()) + " "
                            + entry.path("subject").path("ref").asText("-"));
                    assertThat(entry.get("patients").toString()).contains("patient-1");
                }
            }
            assertThat(seen).containsExactlyElementsOf(expected);
        });
        pair.therapist().close();
        pair.patient().close();
    }

    @Test
    void aMinorNeedsAGuardiansYesAndOnlyTheGuardianCanGiveIt() throws Exception {
        String session = server.bookSession();
        var therapist = server.join(server.link(session, "therapist-1"));
        var minor = server.join(sign(platformClaims(session, "minor-1", "patient").claim("guardianConsentRequired", true).build(),
                TestServer.SECRET));
        var guardian = joinAs(session, "guardian-1", "guardian");
        String minorId = minor.welcome().you().participantId();
        String guardianId = guardian.welcome().you().participantId();
        assertThat(minor.welcome().you().consent().guardian()).isEqualTo(ConsentState.NOT_ASKED);
        ok(therapist.request(id -> new ClientMessage.Admit(id, minorId)));
        awaitStage(minor, minorId, Stage.ADMITTED);

        ok(ask(therapist));
        awaitPrompt(minor, minorId);
        assertThat(awaitPrompt(guardian, minorId).asGuardian()).isTrue();
        awaitPrompt(guardian, guardianId);
        ok(say(minor, ConsentDecision.GIVE));
        ok(say(guardian, ConsentDecision.GIVE));
        assertThat(refused(answerFor(therapist, minorId, ConsentDecision.GIVE))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused(answerFor(minor, guardianId, ConsentDecision.GIVE))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(server.recorder().commandsFor(session)).as("the minor's own yes is not enough").isEmpty();

        ok(answerFor(guardian, minorId, ConsentDecision.GIVE));
        awaitState(therapist, RecordingPhase.RECORDING, RecorderState.RECORDING);
        var evidence = server.recorder().receivedFor(session).getFirst().consents().stream()
                .filter(c -> c.participantId().equals(minorId)).findFirst().orElseThrow();
        assertThat(evidence.guardian().by()).isEqualTo(GivenBy.GUARDIAN);
        assertThat(evidence.guardian().guardianId()).isEqualTo(guardianId);
        therapist.close();
        minor.close();
        guardian.close();
    }

    @Test
    void anUnansweredQuestionIsShownAgainAfterAReconnect() throws Exception {
        var pair = Visits.admitted(server);
        ok(ask(pair.therapist()));
        awaitPrompt(pair.patient(), pair.patientId());
        pair.patient().close();
        var back = server.client().resume(server.wsUri(), pair.patient());
        assertThat(back.welcome().you().consent().status()).isEqualTo(ConsentState.ASKED);
        assertThat(back.welcome().recording().phase()).isEqualTo(RecordingPhase.AWAITING_CONSENT);
        awaitPrompt(back, pair.patientId());
        back.close();
        pair.therapist().close();
    }

    @Test
    void endingTheSessionStopsTheRecorder() throws Exception {
        var pair = Recordings.recording(server);
        ok(pair.therapist().request(ClientMessage.EndSession::new));
        var last = awaitState(pair.patient(), r -> r.phase() == RecordingPhase.OFF);
        assertThat(last.reason()).isEqualTo(RecordingReason.SESSION_ENDED);
        assertThat(pair.patient().awaitEvent(ServerMessage.SessionEnded.class, e -> true, WAIT)).isNotNull();
        await().atMost(WAIT).until(() -> server.recorder().commandsFor(pair.session()).contains(RecorderCommand.STOP));
        pair.patient().closed().get(5, TimeUnit.SECONDS);
    }

    @Test
    void whenTheRecorderCannotRecordNobodyIsShownARecordingAndNothingRetries() throws Exception {
        server.recorder().canRecord(false);
        var pair = Visits.admitted(server);
        ok(ask(pair.therapist()));
        ok(say(pair.patient(), ConsentDecision.GIVE));
        for (SamtalConnection c : new SamtalConnection[] {pair.therapist(), pair.patient()}) {
            var failed = awaitState(c, r -> r.reason() == RecordingReason.RECORDER_FAILED);
            assertThat(failed.phase()).isEqualTo(RecordingPhase.OFF);
            assertThat(failed.recorder()).isEqualTo(RecorderState.IDLE);
        }
        assertThat(server.recorder().commandsFor(pair.session())).containsExactly(RecorderCommand.START);
        pair.therapist().close();
        pair.patient().close();
    }
}
