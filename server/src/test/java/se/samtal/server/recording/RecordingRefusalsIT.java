package se.samtal.server.recording;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.Stage;
import se.samtal.protocol.recording.ConsentDecision;
import se.samtal.recording.recorder.RecorderCommand;
import se.samtal.server.testing.TestServer;
import se.samtal.server.visit.Visits;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.recording.Recordings.answerFor;
import static se.samtal.server.recording.Recordings.ask;
import static se.samtal.server.recording.Recordings.awaitPrompt;
import static se.samtal.server.recording.Recordings.say;
import static se.samtal.server.testing.TestServer.platformClaims;
import static se.samtal.server.testing.TestServer.sign;
import static se.samtal.server.visit.Visits.WAIT;
import static se.samtal.server.visit.Visits.awaitStage;
import static se.samtal.server.visit.Visits.ok;
import static se.samtal.server.visit.Visits.refused;

/**
 * Everything a hostile or broken client might try gets a typed error and changes nothing; and
 * under the "wait" rule, nobody without a yes gets in while it records.
 */
class RecordingRefusalsIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Recordings.allowed("wait"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ErrorCode errorFor(SamtalConnection c, String frame) throws InterruptedException {
        c.sendText(frame);
        var error = c.awaitEvent(ServerMessage.Error.class, e -> true, WAIT);
        return error == null ? null : error.code();
    }

    @Test
    void noClientMessageCanStartARecordingOrSpeakForSomeoneElse() throws Exception {
        var pair = Visits.admitted(server);
        var patient = pair.patient();
        var therapist = pair.therapist();
        String therapistId = therapist.welcome().you().participantId();

        assertThat(refused(ask(patient))).as("a patient token asks").isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused(patient.request(ClientMessage.StopRecording::new))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused(answerFor(patient, therapistId, ConsentDecision.GIVE))).as("a patient answers for the therapist")
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused(answerFor(therapist, pair.patientId(), ConsentDecision.GIVE))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused(answerFor(patient, "p_nobody", ConsentDecision.GIVE))).isEqualTo(ErrorCode.NOT_FOUND);
        var other = Visits.admitted(server);
        assertThat(refused(answerFor(therapist, other.patientId(), ConsentDecision.GIVE))).as("someone of another session")
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(refused(therapist.request(id -> new ClientMessage.RequestRecording(id, "1999-01")))).isEqualTo(ErrorCode.CONFLICT);
        assertThat(refused(therapist.request(id -> new ClientMessage.RequestRecording(id, null)))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refused(patient.request(id -> new ClientMessage.RecordingConsent(id, ConsentDecision.GIVE, null, null))))
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refused(patient.request(id -> new ClientMessage.RecordingConsent(id, null, null, null))))
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refused(patient.request(id -> new ClientMessage.RecordingConsent(id, ConsentDecision.REOPEN, null, null))))
                .as("nothing to open again").isEqualTo(ErrorCode.CONFLICT);
        assertThat(errorFor(patient, "{\"type\":\"recording.consent\",\"id\":\"x1\",\"decision\":\"always\"}"))
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(errorFor(patient, "{\"type\":\"recording\",\"id\":\"x2\",\"phase\":\"recording\",\"recorder\":\"recording\"}"))
                .as("the server's state event is not a request").isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(errorFor(patient, "{\"type\":\"recording.request\",\"id\":\"x3\",\"textVersion\":\"2026-11\",\"for\":\"all\"}"))
                .isEqualTo(ErrorCode.FORBIDDEN);

        assertThat(server.recorder().commandsFor(pair.session())).isEmpty();
        ok(patient.request(ClientMessage.Ping::new));
        assertThat(patient.awaitEvent(ServerMessage.Recording.class, r -> true, Duration.ofMillis(200))).isNull();
        var live = server.api("GET", "/api/v1/sessions/" + pair.session(), null).body().get("live").get("participants");
        assertThat(live).hasSize(2);
        therapist.close();
        patient.close();
        other.therapist().close();
        other.patient().close();
    }

    @Test
    void aTenantThatDoesNotRecordRefusesEveryRecordingRequest() throws Exception {
        String session = server.bookSession(TestServer.OTHER_API_KEY);
        var claims = new JWTClaimsSet.Builder(platformClaims(session, "t-b", "therapist").build()).issuer(TestServer.OTHER_ISSUER);
        var therapist = server.join(sign(claims.build(), TestServer.OTHER_SECRET));
        assertThat(therapist.welcome().recording()).isNull();
        assertThat(therapist.welcome().you().consent()).isNull();
        assertThat(refused(ask(therapist))).isEqualTo(ErrorCode.RECORDING_DISABLED);
        assertThat(refused(say(therapist, ConsentDecision.GIVE))).isEqualTo(ErrorCode.RECORDING_DISABLED);
        assertThat(refused(therapist.request(ClientMessage.StopRecording::new))).isEqualTo(ErrorCode.RECORDING_DISABLED);
        therapist.close();
    }

    @Test
    void underTheWaitRuleSomeoneWithoutAYesWaitsWhileItRecords() throws Exception {
        var pair = Recordings.recording(server);
        var interpreter = server.join(sign(platformClaims(pair.session(), "interpreter-1", "interpreter").build(), TestServer.SECRET));
        String interpreterId = interpreter.welcome().you().participantId();
        assertThat(interpreter.welcome().you().stage()).as("interpreters do not wait for an admit, but for a yes here")
                .isEqualTo(Stage.WAITING);
        awaitPrompt(interpreter, interpreterId);
        assertThat(refused(pair.therapist().request(id -> new ClientMessage.Admit(id, interpreterId))))
                .isEqualTo(ErrorCode.CONSENT_REQUIRED);

        ok(say(interpreter, ConsentDecision.GIVE));
        awaitStage(interpreter, interpreterId, Stage.ADMITTED);
        assertThat(server.recorder().commandsFor(pair.session())).as("never paused: nobody without a yes came in")
                .containsExactly(RecorderCommand.START);
        interpreter.close();
        pair.therapist().close();
        pair.patient().close();
    }
}
