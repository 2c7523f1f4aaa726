package se.samtal.server.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ParticipantView;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionStatus;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PresenceIT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void twoPeopleBookedThroughTheApiSeeEachOtherArriveGoAwayAndGo() throws Exception {
        String session = server.bookSession();
        String therapistToken = server.link(session, "therapist-1");
        String patientToken = server.link(session, "patient-1");

        SamtalConnection therapist = server.join(therapistToken);
        var welcome = therapist.welcome();
        assertThat(welcome.you().role()).isEqualTo(Role.THERAPIST);
        assertThat(welcome.you().name()).isEqualTo("Terapeut Tove");
        assertThat(welcome.session().id()).isEqualTo(session);
        assertThat(welcome.session().status()).isEqualTo(SessionStatus.OPEN);
        assertThat(welcome.participants()).extracting(ParticipantView::participantId).containsExactly(welcome.you().participantId());
        assertThat(welcome.resumeToken()).isNotBlank();

        SamtalConnection patient = server.join(patientToken);
        assertThat(patient.welcome().participants())
                .extracting(ParticipantView::role, ParticipantView::presence)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Role.THERAPIST, PresenceState.JOINED),
                        org.assertj.core.groups.Tuple.tuple(Role.PATIENT, PresenceState.JOINED));
        String patientId = patient.welcome().you().participantId();

        var arrived = therapist.awaitEvent(ServerMessage.Presence.class, p -> p.participant().participantId().equals(patientId), WAIT);
        assertThat(arrived).isNotNull();
        assertThat(arrived.participant().presence()).isEqualTo(PresenceState.JOINED);
        assertThat(arrived.participant().name()).isEqualTo("Patient Pim");
        assertThat(arrived.seq()).isEqualTo(patient.welcome().seq());

        patient.request(id -> new ClientMessage.SetPresence(id, PresenceState.AWAY)).get(5, TimeUnit.SECONDS);
        var away = therapist.awaitEvent(ServerMessage.Presence.class, p -> p.participant().participantId().equals(patientId), WAIT);
        assertThat(away.participant().presence()).isEqualTo(PresenceState.AWAY);
        assertThat(away.seq()).isGreaterThan(arrived.seq());

        patient.close(); // the socket goes without a goodbye
        var dropped = therapist.awaitEvent(ServerMessage.Presence.class, p -> p.participant().participantId().equals(patientId), WAIT);
        assertThat(dropped.participant().presence()).isEqualTo(PresenceState.RECONNECTING);
        var gone = therapist.awaitEvent(ServerMessage.Presence.class, p -> p.participant().participantId().equals(patientId), WAIT);
        assertThat(gone.participant().presence()).isEqualTo(PresenceState.DISCONNECTED);
        therapist.close();
    }

    @Test
    void leaveIsAcknowledgedSeenByOthersAndClosesNormally() throws Exception {
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        SamtalConnection patient = server.join(server.link(session, "patient-1"));
        String patientId = patient.welcome().you().participantId();

        patient.request(ClientMessage.Leave::new).get(5, TimeUnit.SECONDS);
        assertThat(patient.closed().get(5, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.NORMAL);
        var left = therapist.awaitEvent(ServerMessage.Presence.class,
                p -> p.participant().participantId().equals(patientId) && p.participant().presence() != PresenceState.JOINED, WAIT);
        assertThat(left.participant().presence()).isEqualTo(PresenceState.LEFT);
        therapist.close();
    }

    @Test
    void reconnectingWithTheResumeTokenKeepsThePlaceAndReplaysMissedEvents() throws Exception {
        String session = server.bookSession();
        SamtalConnection patient = server.join(server.link(session, "patient-1"));
        String patientId = patient.welcome().you().participantId();
        long seenUpTo = patient.lastSeq();
        String resume = patient.resumeToken();
        patient.close();

        SamtalConnection therapist = server.join(server.link(session, "therapist-1")); // arrives while the patient is away
        var back = server.client().resume(server.wsUri(), resume, seenUpTo);

        assertThat(back.welcome().you().participantId()).isEqualTo(patientId);
        assertThat(back.welcome().recovered()).isTrue();
        var missed = back.awaitEvent(ServerMessage.Presence.class, p -> p.participant().role() == Role.THERAPIST, WAIT);
        assertThat(missed).isNotNull();
        assertThat(missed.seq()).isGreaterThan(seenUpTo);
        var returned = therapist.awaitEvent(ServerMessage.Presence.class,
                p -> p.participant().participantId().equals(patientId) && p.participant().presence() == PresenceState.JOINED, WAIT);
        assertThat(returned).isNotNull();
        back.close();
        therapist.close();
    }

    @Test
    void theSamePersonOnASecondDeviceTakesOverAndTheFirstIsClosedAsReplaced() throws Exception {
        String session = server.bookSession();
        String token = server.link(session, "patient-1");
        SamtalConnection phone = server.join(token);
        SamtalConnection laptop = server.join(token);

        assertThat(phone.closed().get(5, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.REPLACED);
        assertThat(laptop.welcome().you().participantId()).isEqualTo(phone.welcome().you().participantId());
        assertThat(laptop.welcome().participants()).hasSize(1);
        assertThat(laptop.request(ClientMessage.Ping::new).get(5, TimeUnit.SECONDS).get("serverTime").asText()).isNotBlank();
        laptop.close();
    }

    @Test
    void theHostEndsTheSessionForEveryoneAndNoOneCanJoinAgain() throws Exception {
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        SamtalConnection patient = server.join(server.link(session, "patient-1"));

        therapist.request(ClientMessage.EndSession::new).get(5, TimeUnit.SECONDS);

        assertThat(patient.awaitEvent(ServerMessage.SessionEnded.class, e -> true, WAIT).reason()).isEqualTo("ended_by_host");
        assertThat(patient.closed().get(5, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.SESSION_ENDED);
        assertThat(therapist.closed().get(5, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.SESSION_ENDED);
        assertThat(server.api("GET", "/api/v1/sessions/" + session, null).body().get("status").asText()).isEqualTo("ended");
        var mint = server.api("POST", "/api/v1/sessions/" + session + "/links", java.util.Map.of("ref", "patient-1"));
        assertThat(mint.status()).isEqualTo(410);
        assertThat(mint.errorCode()).isEqualTo("session_ended");
        String platformToken = TestServer.sign(TestServer.platformClaims(session, "patient-1", "patient").build(), TestServer.SECRET);
        var refused = catchThrowableOfType(SamtalException.class, () -> server.client().join(server.wsUri(), platformToken));
        assertThat(refused.code()).isEqualTo(ErrorCode.SESSION_ENDED);
    }
}
