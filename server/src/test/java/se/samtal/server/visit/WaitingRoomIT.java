package se.samtal.server.visit;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.ParticipantView;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.Stage;
import se.samtal.server.testing.TestServer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static se.samtal.server.testing.TestServer.platformClaims;
import static se.samtal.server.testing.TestServer.sign;
import static se.samtal.server.visit.Visits.WAIT;
import static se.samtal.server.visit.Visits.awaitStage;
import static se.samtal.server.visit.Visits.ok;
import static se.samtal.server.visit.Visits.refused;

/** The waiting room through the real gateway: who waits, who may let people in, and what everyone sees. */
class WaitingRoomIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private SamtalConnection joinAs(String session, String ref, String role) {
        return server.join(sign(platformClaims(session, ref, role).build(), TestServer.SECRET));
    }

    @Test
    void patientWaitsUntilTheTherapistAdmitsThem() throws Exception {
        String session = server.bookSession();
        SamtalConnection patient = server.join(server.link(session, "patient-1"));
        String patientId = patient.welcome().you().participantId();
        assertThat(patient.welcome().you().stage()).isEqualTo(Stage.WAITING);
        assertThat(patient.welcome().you().waitingSince()).isNotNull();
        assertThat(patient.welcome().serverTime()).isNotNull();

        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        assertThat(therapist.welcome().you().stage()).as("therapists never wait").isEqualTo(Stage.ADMITTED);
        assertThat(therapist.welcome().participants()).filteredOn(p -> p.participantId().equals(patientId))
                .singleElement().satisfies(p -> {
                    assertThat(p.stage()).isEqualTo(Stage.WAITING);
                    assertThat(p.waitingSince()).isEqualTo(patient.welcome().you().waitingSince());
                });
        assertThat(awaitStage(patient, therapist.welcome().you().participantId(), Stage.ADMITTED).participant().role())
                .as("the waiting patient learns that the therapist is here").isEqualTo(Role.THERAPIST);

        ok(therapist.request(id -> new ClientMessage.Admit(id, patientId)));
        var admitted = awaitStage(patient, patientId, Stage.ADMITTED);
        assertThat(admitted.participant().waitingSince()).isNull();
        awaitStage(therapist, patientId, Stage.ADMITTED);
        assertThat(server.get("/metrics").raw().body()).contains("samtal_waiting_room_seconds_count{tenant=\"region-a\"}");
        patient.close();
        therapist.close();
    }

    @Test
    void nobodyEntersTheCallBeforeTheHostIsThere() throws Exception {
        String session = server.bookSession();
        SamtalConnection patient = server.join(server.link(session, "patient-1"));
        SamtalConnection interpreter = joinAs(session, "interpreter-1", "interpreter");
        assertThat(interpreter.welcome().you().stage()).as("interpreters do not wait for an admit, but for a host")
                .isEqualTo(Stage.WAITING);
        assertThat(refused(patient.request(ClientMessage.JoinCall::new))).isEqualTo(ErrorCode.NOT_ADMITTED);
        assertThat(refused(interpreter.request(ClientMessage.JoinCall::new))).isEqualTo(ErrorCode.NOT_ADMITTED);

        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        String interpreterId = interpreter.welcome().you().participantId();
        awaitStage(interpreter, interpreterId, Stage.ADMITTED);
        assertThat(therapist.welcome().participants()).filteredOn(p -> p.participantId().equals(interpreterId))
                .singleElement().extracting(ParticipantView::stage).isEqualTo(Stage.ADMITTED);
        assertThat(refused(patient.request(ClientMessage.JoinCall::new))).as("the patient still waits for an admit")
                .isEqualTo(ErrorCode.NOT_ADMITTED);
        patient.close();
        interpreter.close();
        therapist.close();
    }

    @Test
    void aPatientCannotLetAnyoneInAndNothingChanges() throws Exception {
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        SamtalConnection patient = server.join(server.link(session, "patient-1"));
        SamtalConnection guest = joinAs(session, "guest-1", "guest");
        String guestId = guest.welcome().you().participantId();
        String patientId = patient.welcome().you().participantId();

        assertThat(refused(patient.request(id -> new ClientMessage.Admit(id, patientId)))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused(patient.request(id -> new ClientMessage.Admit(id, guestId)))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused(patient.request(id -> new ClientMessage.Deny(id, guestId)))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused(patient.request(ClientMessage.EndSession::new))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused(therapist.request(id -> new ClientMessage.Admit(id, null)))).isEqualTo(ErrorCode.BAD_REQUEST);

        var live = server.api("GET", "/api/v1/sessions/" + session, null).body().get("live").get("participants");
        assertThat(live).extracting(p -> p.get("stage").asText()).containsExactlyInAnyOrder("admitted", "waiting", "waiting");
        therapist.close();
        patient.close();
        guest.close();
    }

    @Test
    void admittingSomeoneOfAnotherSessionIsNotFound() throws Exception {
        String mine = server.bookSession();
        String other = server.bookSession();
        SamtalConnection therapist = server.join(server.link(mine, "therapist-1"));
        SamtalConnection elsewhere = server.join(server.link(other, "patient-1"));
        String elsewhereId = elsewhere.welcome().you().participantId();

        assertThat(refused(therapist.request(id -> new ClientMessage.Admit(id, elsewhereId)))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(refused(therapist.request(id -> new ClientMessage.SendBack(id, elsewhereId)))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(refused(elsewhere.request(ClientMessage.JoinCall::new))).as("still waiting in their own session")
                .isEqualTo(ErrorCode.NOT_ADMITTED);
        therapist.close();
        elsewhere.close();
    }

    @Test
    void aDeniedPersonIsDisconnectedAndCannotComeBack() throws Exception {
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        String guestToken = sign(platformClaims(session, "guest-1", "guest").build(), TestServer.SECRET);
        SamtalConnection guest = server.join(guestToken);
        String guestId = guest.welcome().you().participantId();

        ok(therapist.request(id -> new ClientMessage.Deny(id, guestId)));
        assertThat(guest.closed().get(5, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.DENIED);
        var gone = awaitStage(therapist, guestId, Stage.LEFT);
        assertThat(gone.participant().presence()).isEqualTo(PresenceState.LEFT);

        String again = sign(platformClaims(session, "guest-1", "guest").build(), TestServer.SECRET);
        var refusal = catchThrowableOfType(SamtalException.class, () -> server.client().join(server.wsUri(), again));
        assertThat(refusal.code()).isEqualTo(ErrorCode.ADMISSION_DENIED);
        assertThat(refused(therapist.request(id -> new ClientMessage.Deny(id, guestId)))).isEqualTo(ErrorCode.CONFLICT);
        therapist.close();
    }

    @Test
    void peopleWhoWaitAreShownToHostsButNotToOtherPatients() throws Exception {
        var admitted = Visits.admitted(server);
        String session = admitted.session();
        SamtalConnection therapist = admitted.therapist();
        SamtalConnection patient = admitted.patient();
        String patientId = admitted.patientId();

        SamtalConnection guest = joinAs(session, "guest-1", "guest");
        String guestId = guest.welcome().you().participantId();
        awaitStage(therapist, guestId, Stage.WAITING);
        ok(patient.request(ClientMessage.Ping::new));
        assertThat(patient.awaitEvent(ServerMessage.Presence.class, p -> p.participant().participantId().equals(guestId),
                java.time.Duration.ofMillis(300))).as("the patient is not told who waits").isNull();
        assertThat(guest.welcome().participants()).extracting(ParticipantView::participantId)
                .contains(patientId, therapist.welcome().you().participantId());
        therapist.close();
        patient.close();
        guest.close();
    }

    @Test
    void reconnectingWhileWaitingKeepsThePlaceInTheQueue() throws Exception {
        String session = server.bookSession();
        SamtalConnection patient = server.join(server.link(session, "patient-1"));
        Instant since = patient.welcome().you().waitingSince();
        patient.close();
        SamtalConnection back = server.client().resume(server.wsUri(), patient);
        assertThat(back.welcome().you().stage()).isEqualTo(Stage.WAITING);
        assertThat(back.welcome().you().waitingSince()).isEqualTo(since);
        back.close();
    }

    @Test
    void theSessionEndsByItselfAtItsHardStopAfterAWarning() throws Exception {
        try (var strict = TestServer.start(config -> TestServer.tenant(config).putObject("policy")
                .put("endWarning", "2s").put("hardStopAfter", "0s"))) {
            Instant now = strict.now().truncatedTo(ChronoUnit.SECONDS);
            var booked = strict.api("POST", "/api/v1/sessions", Map.of("kind", "video",
                    "scheduledStart", now.minus(1, ChronoUnit.MINUTES).toString(),
                    "scheduledEnd", now.plusSeconds(4).toString(),
                    "participants", java.util.List.of(Map.of("ref", "therapist-1", "role", "therapist"))));
            String session = booked.body().get("id").asText();
            SamtalConnection therapist = strict.join(strict.link(session, "therapist-1"));

            var ending = therapist.awaitEvent(ServerMessage.SessionEnding.class, e -> true, WAIT);
            assertThat(ending).isNotNull();
            assertThat(ending.hardStopAt()).isEqualTo(now.plusSeconds(4));
            var ended = therapist.awaitEvent(ServerMessage.SessionEnded.class, e -> true, WAIT);
            assertThat(ended.reason()).isEqualTo("scheduled_end");
            assertThat(therapist.closed().get(5, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.SESSION_ENDED);
            assertThat(strict.api("GET", "/api/v1/sessions/" + session, null).body().get("status").asText()).isEqualTo("ended");
        }
    }

    @Test
    void welcomeCarriesTurnCredentialsMintedForTheParticipant() throws Exception {
        String secret = "region-a-turn-shared-secret-0123456789abcdef";
        try (var withTurn = TestServer.start(config -> TestServer.tenant(config).putObject("ice")
                .put("turnSecret", secret).put("credentialTtl", "10m")
                .set("turnUrls", config.arrayNode().add("turn:127.0.0.1:3478?transport=udp")))) {
            String session = withTurn.bookSession();
            SamtalConnection patient = withTurn.join(withTurn.link(session, "patient-1"));
            var turn = patient.welcome().iceServers();
            assertThat(turn).singleElement().satisfies(entry -> {
                assertThat(entry.urls()).containsExactly("turn:127.0.0.1:3478?transport=udp");
                String[] parts = entry.username().split(":");
                assertThat(parts[1]).isEqualTo(patient.welcome().you().participantId());
                assertThat(Long.parseLong(parts[0])).isBetween(withTurn.now().plusSeconds(500).getEpochSecond(),
                        withTurn.now().plusSeconds(700).getEpochSecond());
                var mac = javax.crypto.Mac.getInstance("HmacSHA1");
                mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(), "HmacSHA1"));
                assertThat(entry.credential()).isEqualTo(java.util.Base64.getEncoder().encodeToString(mac.doFinal(entry.username().getBytes())));
            });
            patient.close();
        }
    }

    @Test
    void aTokenForAnotherTenantsSessionGetsNoSeatInTheWaitingRoom() throws Exception {
        String sessionOfA = server.bookSession();
        SamtalConnection therapist = server.join(server.link(sessionOfA, "therapist-1"));
        var claims = new JWTClaimsSet.Builder(platformClaims(sessionOfA, "intruder", "patient").build())
                .issuer(TestServer.OTHER_ISSUER).build();
        var refusal = catchThrowableOfType(SamtalException.class,
                () -> server.client().join(server.wsUri(), sign(claims, TestServer.OTHER_SECRET)));
        assertThat(refusal.code()).isEqualTo(ErrorCode.SESSION_NOT_FOUND);
        ok(therapist.request(ClientMessage.Ping::new));
        assertThat(therapist.awaitEvent(ServerMessage.Presence.class, p -> true, java.time.Duration.ofMillis(300))).isNull();
        therapist.close();
    }
}
