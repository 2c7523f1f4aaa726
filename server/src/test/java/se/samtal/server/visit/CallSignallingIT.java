package se.samtal.server.visit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.MediaState;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.Stage;
import se.samtal.server.testing.TestServer;
import se.samtal.signalling.call.SignalRules;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.testing.TestServer.platformClaims;
import static se.samtal.server.testing.TestServer.sign;
import static se.samtal.server.visit.Visits.CANDIDATE;
import static se.samtal.server.visit.Visits.WAIT;
import static se.samtal.server.visit.Visits.awaitStage;
import static se.samtal.server.visit.Visits.inCall;
import static se.samtal.server.visit.Visits.offer;
import static se.samtal.server.visit.Visits.ok;
import static se.samtal.server.visit.Visits.refused;

/** Signalling of a one-to-one call through the real gateway: relay, roles, refusals, reconnects. */
class CallSignallingIT {
    private static final Duration QUIET = Duration.ofMillis(300);
    private static TestServer server;

    @BeforeAll
    static void start() {
        // A request budget that the candidate flood below cannot exhaust before the signalling limit does.
        server = TestServer.start(config -> config.putObject("gateway").put("requestsPerSecond", 200).put("requestBurst", 400));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bothSidesLearnTheirPeerWithOppositeRolesAndOfferAnswerAndCandidatesAreRelayed() throws Exception {
        try (var call = inCall(server)) {
            assertThat(call.therapistPeer().peer()).isEqualTo(call.patientId());
            assertThat(call.patientPeer().peer()).isEqualTo(call.therapistId());
            assertThat(call.therapistPeer().polite()).isNotEqualTo(call.patientPeer().polite());
            assertThat(call.therapistPeer().epoch()).isEqualTo(call.patientPeer().epoch());

            ok(call.patient().request(id -> offer(id, call.therapistId(), call.epoch())));
            var offer = call.therapist().awaitEvent(ServerMessage.Relayed.class, s -> true, WAIT);
            assertThat(offer.from()).isEqualTo(call.patientId());
            assertThat(offer.description()).isEqualTo(Visits.OFFER);

            ok(call.therapist().request(id -> new ClientMessage.Signal(id, call.patientId(), call.epoch(), Visits.ANSWER, null)));
            ok(call.therapist().request(id -> new ClientMessage.Signal(id, call.patientId(), call.epoch(), null, CANDIDATE)));
            var answer = call.patient().awaitEvent(ServerMessage.Relayed.class, s -> true, WAIT);
            var candidate = call.patient().awaitEvent(ServerMessage.Relayed.class, s -> true, WAIT);
            assertThat(answer.description()).isEqualTo(Visits.ANSWER);
            assertThat(candidate.candidate()).isEqualTo(CANDIDATE);
            // written to the store off the session's lock, so it shows up shortly after
            await().atMost(WAIT).until(() -> server.api("GET", "/api/v1/sessions/" + call.session(), null)
                    .body().get("status").asText().equals("in_progress"));
        }
    }

    @Test
    void aThirdPersonOutsideTheCallCannotInjectSignallingIntoIt() throws Exception {
        try (var call = inCall(server)) {
            SamtalConnection guest = server.join(sign(platformClaims(call.session(), "guest-1", "guest").build(), TestServer.SECRET));
            String guestId = guest.welcome().you().participantId();
            assertThat(refused(guest.request(id -> offer(id, call.therapistId(), call.epoch())))).isEqualTo(ErrorCode.NOT_ADMITTED);

            ok(call.therapist().request(id -> new ClientMessage.Admit(id, guestId)));
            awaitStage(guest, guestId, Stage.ADMITTED);
            assertThat(refused(guest.request(id -> offer(id, call.therapistId(), call.epoch())))).isEqualTo(ErrorCode.NOT_IN_CALL);
            assertThat(refused(guest.request(id -> offer(id, call.patientId(), call.epoch())))).isEqualTo(ErrorCode.NOT_IN_CALL);

            ok(call.therapist().request(ClientMessage.Ping::new));
            ok(call.patient().request(ClientMessage.Ping::new));
            assertThat(call.therapist().awaitEvent(ServerMessage.Relayed.class, s -> true, QUIET)).isNull();
            assertThat(call.patient().awaitEvent(ServerMessage.Relayed.class, s -> true, QUIET)).isNull();
            guest.close();
        }
    }

    @Test
    void signallingToSomeoneNotInYourCallIsRefused() throws Exception {
        try (var call = inCall(server)) {
            SamtalConnection waiting = server.join(sign(platformClaims(call.session(), "guest-2", "guest").build(), TestServer.SECRET));
            String waitingId = waiting.welcome().you().participantId();
            assertThat(refused(call.therapist().request(id -> offer(id, waitingId, call.epoch())))).isEqualTo(ErrorCode.NOT_IN_CALL);
            assertThat(refused(call.therapist().request(id -> offer(id, "p_nobody", call.epoch())))).isEqualTo(ErrorCode.NOT_IN_CALL);
            assertThat(refused(call.therapist().request(id -> offer(id, call.patientId(), call.epoch() - 1))))
                    .as("an older peer connection").isEqualTo(ErrorCode.CONFLICT);
            ok(waiting.request(ClientMessage.Ping::new));
            assertThat(waiting.awaitEvent(ServerMessage.Relayed.class, s -> true, QUIET)).isNull();
            waiting.close();
        }
    }

    @Test
    void anSdpOverTheSignallingLimitIsRefusedAndAMegabyteOneClosesOnlyTheSendersConnection() throws Exception {
        try (var call = inCall(server)) {
            var big = new SessionDescription("offer", "a=x\r\n".repeat(SignalRules.MAX_SDP_CHARS / 5 + 10));
            assertThat(refused(call.patient().request(id -> new ClientMessage.Signal(id, call.therapistId(), call.epoch(), big, null))))
                    .isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
            ok(call.patient().request(ClientMessage.Ping::new));

            var megabyte = new SessionDescription("offer", "a".repeat(1_000_000));
            String frame = server.client().codec().encodeToString(
                    new ClientMessage.Signal("huge", call.therapistId(), call.epoch(), megabyte, null));
            try {
                call.patient().sendText(frame);
            } catch (RuntimeException e) {
                // the server may close before the whole frame is written
            }
            // Over the 64 KiB frame limit: cut off at the WebSocket layer before any JSON is read.
            assertThat(call.patient().closed().get(5, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);

            var dropped = awaitStage(call.therapist(), call.patientId(), Stage.IN_CALL);
            assertThat(dropped.participant().presence()).as("a reconnect away from the call, not gone").isEqualTo(PresenceState.RECONNECTING);
            assertThat(call.therapist().awaitEvent(ServerMessage.Relayed.class, s -> true, QUIET)).isNull();
        }
    }

    @Test
    void aFloodOfCandidatesIsCutOffAndThePeerGetsOnlyTheAllowedOnes() throws Exception {
        try (var call = inCall(server)) {
            for (int i = 0; i < SignalRules.MAX_CANDIDATES_PER_DESCRIPTION; i++) {
                ok(call.patient().request(id -> new ClientMessage.Signal(id, call.therapistId(), call.epoch(), null, CANDIDATE)));
            }
            assertThat(refused(call.patient().request(id -> new ClientMessage.Signal(id, call.therapistId(), call.epoch(), null, CANDIDATE))))
                    .isEqualTo(ErrorCode.TOO_MANY_CANDIDATES);
            int received = 0;
            while (call.therapist().awaitEvent(ServerMessage.Relayed.class, s -> s.candidate() != null, QUIET) != null) {
                received++;
            }
            assertThat(received).isEqualTo(SignalRules.MAX_CANDIDATES_PER_DESCRIPTION);
        }
    }

    @Test
    void reconnectingWithinTheGracePeriodKeepsTheCallWithoutReadmission() throws Exception {
        try (var call = inCall(server)) {
            call.patient().close();
            var dropped = awaitStage(call.therapist(), call.patientId(), Stage.IN_CALL);
            assertThat(dropped.participant().presence()).isEqualTo(PresenceState.RECONNECTING);
            assertThat(refused(call.therapist().request(id -> offer(id, call.patientId(), call.epoch()))))
                    .isEqualTo(ErrorCode.UNAVAILABLE);

            SamtalConnection back = server.client().resume(server.wsUri(), call.patient());
            assertThat(back.welcome().you().stage()).isEqualTo(Stage.IN_CALL);
            assertThat(back.welcome().recovered()).isTrue();
            var peer = back.awaitEvent(ServerMessage.CallPeer.class, p -> true, WAIT);
            assertThat(peer.peer()).isEqualTo(call.therapistId());
            assertThat(peer.epoch()).as("the same peer connection: restart ICE on it").isEqualTo(call.epoch());
            assertThat(peer.polite()).isEqualTo(call.patientPeer().polite());

            var returned = call.therapist().awaitEvent(ServerMessage.Presence.class,
                    p -> p.participant().participantId().equals(call.patientId()), WAIT);
            assertThat(returned.participant().presence()).isEqualTo(PresenceState.JOINED);
            assertThat(returned.participant().stage()).isEqualTo(Stage.IN_CALL);

            var restart = new SessionDescription("offer", Visits.OFFER.sdp() + "a=ice-options:trickle\r\n");
            ok(back.request(id -> new ClientMessage.Signal(id, call.therapistId(), call.epoch(), restart, null)));
            assertThat(call.therapist().awaitEvent(ServerMessage.Relayed.class, s -> true, WAIT).description()).isEqualTo(restart);
            back.close();
        }
    }

    @Test
    void aReloadedPageJoinsAgainAndBothGetANewEpoch() throws Exception {
        try (var call = inCall(server)) {
            ok(call.patient().request(ClientMessage.JoinCall::new));
            var therapistSide = call.therapist().awaitEvent(ServerMessage.CallPeer.class, p -> p.epoch() > call.epoch(), WAIT);
            var patientSide = call.patient().awaitEvent(ServerMessage.CallPeer.class, p -> p.epoch() > call.epoch(), WAIT);
            assertThat(therapistSide.epoch()).isEqualTo(patientSide.epoch());
            assertThat(therapistSide.polite()).as("roles stay with the pair").isEqualTo(call.therapistPeer().polite());
        }
    }

    @Test
    void sendingBackAndLeavingTheCallTellThePeer() throws Exception {
        try (var call = inCall(server)) {
            ok(call.therapist().request(id -> new ClientMessage.SendBack(id, call.patientId())));
            var alone = call.therapist().awaitEvent(ServerMessage.CallPeer.class, p -> p.peer() == null, WAIT);
            assertThat(alone).isNotNull();
            awaitStage(call.patient(), call.patientId(), Stage.WAITING);
            assertThat(refused(call.patient().request(id -> offer(id, call.therapistId(), call.epoch())))).isEqualTo(ErrorCode.NOT_ADMITTED);
        }
    }

    @Test
    void mediaStateIsSharedWithTheOtherSide() throws Exception {
        try (var call = inCall(server)) {
            ok(call.patient().request(id -> new ClientMessage.SetMedia(id, null, false, null)));
            var seen = call.therapist().awaitEvent(ServerMessage.Presence.class,
                    p -> p.participant().participantId().equals(call.patientId()) && !p.participant().media().camera(), WAIT);
            assertThat(seen.participant().media()).isEqualTo(new MediaState(true, false, false));
            ok(call.patient().request(id -> new ClientMessage.SetMedia(id, false, null, true)));
            var audioOnly = call.therapist().awaitEvent(ServerMessage.Presence.class,
                    p -> p.participant().participantId().equals(call.patientId()) && p.participant().media().audioOnly(), WAIT);
            assertThat(audioOnly.participant().media()).isEqualTo(new MediaState(false, false, true));
        }
    }

    @Test
    void theHostEndingTheSessionClosesTheCallForBoth() throws Exception {
        try (var call = inCall(server)) {
            ok(call.therapist().request(ClientMessage.EndSession::new));
            assertThat(call.patient().awaitEvent(ServerMessage.SessionEnded.class, e -> true, WAIT).reason()).isEqualTo("ended_by_host");
            assertThat(call.patient().closed().get(5, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.SESSION_ENDED);
        }
    }
}
