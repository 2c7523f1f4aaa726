package se.samtal.server.visit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.Stage;
import se.samtal.server.testing.TestServer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.testing.TestServer.platformClaims;
import static se.samtal.server.testing.TestServer.sign;
import static se.samtal.server.visit.Visits.OFFER;
import static se.samtal.server.visit.Visits.WAIT;
import static se.samtal.server.visit.Visits.awaitStage;
import static se.samtal.server.visit.Visits.ok;
import static se.samtal.server.visit.Visits.refused;

/**
 * Calls of many without a video bridge, over the protocol: a therapist, a patient, an interpreter
 * and a relative in one mesh; the call's picture as each sees it; a full mesh; back to two; an
 * observer who may not send. (The same through a bridge: {@code BridgedCallIT}.)
 */
class GroupCallIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Everyone of {@code roles} joined (the therapist first) and let in, by participant id. */
    static Map<String, SamtalConnection> letIn(TestServer server, String session, Map<String, String> roles) throws Exception {
        var people = new LinkedHashMap<String, SamtalConnection>();
        SamtalConnection host = null;
        for (var person : roles.entrySet()) {
            var connection = server.join(sign(platformClaims(session, person.getKey(), person.getValue()).build(), TestServer.SECRET));
            String id = connection.welcome().you().participantId();
            if (host == null) {
                host = connection;
            } else if (connection.welcome().you().stage() == Stage.WAITING) {
                String waiting = id;
                ok(host.request(r -> new ClientMessage.Admit(r, waiting)));
                awaitStage(connection, id, Stage.ADMITTED);
            }
            people.put(id, connection);
        }
        return people;
    }

    static ServerMessage.CallChanged awaitCall(SamtalConnection on, java.util.function.Predicate<ServerMessage.CallChanged> matches)
            throws InterruptedException {
        var call = on.awaitEvent(ServerMessage.CallChanged.class, matches, WAIT);
        assertThat(call).as("a call event").isNotNull();
        return call;
    }

    private static ServerMessage.CallChanged.Link linkTo(ServerMessage.CallChanged call, String peer) {
        return call.links().stream().filter(l -> l.peer().equals(peer)).findFirst().orElseThrow();
    }

    @Test
    void fourInAMeshEachConnectedToEveryOtherAndAFifthFindsItFull() throws Exception {
        String session = server.bookSession();
        var people = letIn(server, session, Map.of("therapist-1", "therapist", "patient-1", "patient",
                "interpreter-1", "interpreter", "relative-1", "relative").entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> a.startsWith("therapist") ? -1 : b.startsWith("therapist") ? 1 : a.compareTo(b)))
                .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
        var ids = List.copyOf(people.keySet());
        for (String id : ids) {
            ok(people.get(id).request(ClientMessage.JoinCall::new));
        }
        Map<String, ServerMessage.CallChanged> views = new LinkedHashMap<>();
        for (String id : ids) {
            views.put(id, awaitCall(people.get(id), c -> c.members().size() == 4));
        }

        for (String id : ids) {
            var view = views.get(id);
            assertThat(view.topology()).isEqualTo("mesh");
            assertThat(view.members()).containsExactlyElementsOf(ids);
            assertThat(view.bridge()).isNull();
            assertThat(view.links()).extracting(ServerMessage.CallChanged.Link::peer)
                    .containsExactlyInAnyOrderElementsOf(ids.stream().filter(other -> !other.equals(id)).toList());
            for (var link : view.links()) {
                var theirs = linkTo(views.get(link.peer()), id);
                assertThat(theirs.epoch()).isEqualTo(link.epoch());
                assertThat(theirs.polite()).as("one polite side per connection").isNotEqualTo(link.polite());
                assertThat(link.polite()).as("the one who came in first is polite")
                        .isEqualTo(ids.indexOf(id) < ids.indexOf(link.peer()));
            }
        }

        String interpreter = ids.get(2);
        String relative = ids.get(3);
        long epoch = linkTo(views.get(interpreter), relative).epoch();
        ok(people.get(interpreter).request(r -> new ClientMessage.Signal(r, relative, epoch, OFFER, null)));
        var relayed = people.get(relative).awaitEvent(ServerMessage.Relayed.class, s -> interpreter.equals(s.from()), WAIT);
        assertThat(relayed.epoch()).isEqualTo(epoch);
        assertThat(relayed.description()).isEqualTo(OFFER);

        var fifth = server.join(sign(platformClaims(session, "guest-5", "guest").build(), TestServer.SECRET));
        String fifthId = fifth.welcome().you().participantId();
        ok(people.get(ids.getFirst()).request(r -> new ClientMessage.Admit(r, fifthId)));
        awaitStage(fifth, fifthId, Stage.ADMITTED);
        var full = catchRefusal(fifth.request(ClientMessage.JoinCall::new));
        assertThat(full.code()).isEqualTo(ErrorCode.CALL_FULL);
        assertThat(full.getMessage()).contains("Without a video bridge", "4");
        people.values().forEach(SamtalConnection::close);
        fifth.close();
    }

    @Test
    void aThirdMakesAMeshThatKeepsTheFirstTwosConnectionAndBackAtTwoItIsPeerToPeer() throws Exception {
        var call = Visits.inCall(server);
        long pairEpoch = call.epoch();
        var interpreter = server.join(sign(platformClaims(call.session(), "interpreter-1", "interpreter").build(), TestServer.SECRET));
        String interpreterId = interpreter.welcome().you().participantId();
        ok(interpreter.request(ClientMessage.JoinCall::new));

        assertThat(call.patient().awaitEvent(ServerMessage.CallPeer.class, p -> p.peer() == null, WAIT))
                .as("call.peer speaks of a call of two, which this is no longer").isNotNull();
        var patientView = awaitCall(call.patient(), c -> c.members().size() == 3);
        assertThat(patientView.topology()).isEqualTo("mesh");
        assertThat(linkTo(patientView, call.therapistId()).epoch()).as("the two keep their connection").isEqualTo(pairEpoch);

        ok(interpreter.request(ClientMessage.LeaveCall::new));
        var peer = call.patient().awaitEvent(ServerMessage.CallPeer.class, p -> call.therapistId().equals(p.peer()), WAIT);
        assertThat(peer.epoch()).isEqualTo(pairEpoch);
        var back = awaitCall(call.patient(), c -> c.members().size() == 2);
        assertThat(back.topology()).isEqualTo("p2p");
        assertThat(linkTo(back, call.therapistId()).epoch()).isEqualTo(pairEpoch);
        assertThat(interpreterId).isNotBlank();
        interpreter.close();
        call.close();
    }

    @Test
    void anObserverReceivesAndMayNotSend() throws Exception {
        var call = Visits.inCall(server);
        var observer = server.join(sign(platformClaims(call.session(), "observer-1", "observer").build(), TestServer.SECRET));
        String observerId = observer.welcome().you().participantId();
        if (observer.welcome().you().stage() == Stage.WAITING) {
            ok(call.therapist().request(r -> new ClientMessage.Admit(r, observerId)));
            awaitStage(observer, observerId, Stage.ADMITTED);
        }
        ok(observer.request(ClientMessage.JoinCall::new));
        var view = awaitCall(observer, c -> c.members().size() == 3);
        long epoch = linkTo(view, call.therapistId()).epoch();

        var sending = new SessionDescription("offer", "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendrecv\r\na=ssrc:11 cname:x\r\n");
        assertThat(refused(observer.request(r -> new ClientMessage.Signal(r, call.therapistId(), epoch, sending, null))))
                .isEqualTo(ErrorCode.FORBIDDEN);
        var receiving = new SessionDescription("offer", "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=recvonly\r\n");
        ok(observer.request(r -> new ClientMessage.Signal(r, call.therapistId(), epoch, receiving, null)));
        observer.close();
        call.close();
    }

    @Test
    void aTenantsMostInACallIsKept() throws Exception {
        try (var small = TestServer.start(config -> TestServer.tenant(config).putObject("policy").put("maxInCall", 3))) {
            String session = small.bookSession();
            var therapist = small.join(sign(platformClaims(session, "therapist-1", "therapist").build(), TestServer.SECRET));
            var all = new java.util.ArrayList<SamtalConnection>(List.of(therapist));
            for (String ref : List.of("interpreter-1", "relative-1", "relative-2")) {
                all.add(small.join(sign(platformClaims(session, ref, ref.startsWith("interpreter") ? "interpreter" : "relative")
                        .build(), TestServer.SECRET)));
            }
            for (int i = 0; i < 3; i++) {
                ok(all.get(i).request(ClientMessage.JoinCall::new));
            }
            var full = catchRefusal(all.get(3).request(ClientMessage.JoinCall::new));
            assertThat(full.code()).isEqualTo(ErrorCode.CALL_FULL);
            assertThat(full.getMessage()).contains("most people it can take (3)");
            all.forEach(SamtalConnection::close);
        }
    }

    private static Map<String, String> orderedOf(String... refsAndRoles) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < refsAndRoles.length; i += 2) {
            map.put(refsAndRoles[i], refsAndRoles[i + 1]);
        }
        return map;
    }

    private static SamtalException catchRefusal(java.util.concurrent.CompletableFuture<?> request) throws Exception {
        try {
            request.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SamtalException se) {
                return se;
            }
            throw e;
        }
        throw new AssertionError("the request should have been refused");
    }
}
