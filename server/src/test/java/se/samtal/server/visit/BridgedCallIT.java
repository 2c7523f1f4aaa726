package se.samtal.server.visit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.Stage;
import se.samtal.server.testing.ChromiumAnswerer;
import se.samtal.server.testing.TestServer;
import se.samtal.videobridge.testing.ColibriRules;
import se.samtal.videobridge.testing.FakeVideobridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.testing.TestServer.platformClaims;
import static se.samtal.server.testing.TestServer.sign;
import static se.samtal.server.visit.Visits.awaitStage;
import static se.samtal.server.visit.Visits.ok;

/**
 * Calls through the video bridge, against bridge doubles that keep the real bridge's Colibri2 rules
 * (and refuse what it refuses), with every offer samtal writes answered by real Chromium: a call of
 * three, then eight, then back to two; a bridge that dies mid-call, and the conference moving to
 * another with everyone on a fresh connection. The participants speak the protocol (one Chromium
 * page answers for all of them, one peer connection each). Also in cluster mode: the people of one
 * call on two nodes.
 */
class BridgedCallIT {
    private static final Duration SETTLE = Duration.ofSeconds(45);

    private static FakeVideobridge first;
    private static FakeVideobridge second;
    private static TestServer server;
    private static ChromiumAnswerer chromium;

    @BeforeAll
    static void start() {
        first = FakeVideobridge.start("jvb-1");
        second = FakeVideobridge.start("jvb-2");
        server = TestServer.start(config -> {
            var bridges = config.putObject("videobridge").put("healthInterval", "1s").putArray("bridges");
            bridges.addObject().put("id", "jvb-1").put("url", first.restUrl().toString());
            bridges.addObject().put("id", "jvb-2").put("url", second.restUrl().toString());
        });
        chromium = ChromiumAnswerer.start(server.baseUri());
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
        first.close();
        second.close();
    }

    /** One person in the call, as their browser would be: the latest call view, and every offer answered. */
    private static final class Person {
        final String ref;
        final SamtalConnection connection;
        final String id;
        ServerMessage.CallChanged view;
        long answeredEpoch = -1;
        long answeredVersion = -1;
        String lastOffer;
        /** The newest offer from the bridge not answered yet (its call view may come after it). */
        ServerMessage.Relayed pendingOffer;

        Person(String ref, SamtalConnection connection) {
            this.ref = ref;
            this.connection = connection;
            this.id = connection.welcome().you().participantId();
        }

        /**
         * Handles what has come: the newest call view, and the newest offer from the bridge if the
         * call still goes through it on that connection (answered in Chromium and sent back). Offers
         * overtaken by a newer one that has already come are not answered: on a loaded machine
         * answering each in Chromium would leave the newest waiting behind them.
         */
        void pump() throws Exception {
            ServerMessage event;
            while ((event = connection.nextEvent(Duration.ofMillis(20))) != null) {
                if (event instanceof ServerMessage.CallChanged call) {
                    view = call;
                } else if (event instanceof ServerMessage.Relayed relayed && "bridge".equals(relayed.from())
                        && relayed.description() != null) {
                    pendingOffer = relayed;
                }
            }
            if (pendingOffer != null && view != null && view.bridge() != null && view.bridge().epoch() == pendingOffer.epoch()) {
                var offer = pendingOffer;
                pendingOffer = null;
                answer(offer.epoch(), offer.description().sdp());
            }
        }

        private void answer(long epoch, String offer) throws Exception {
            long version = Long.parseLong(offer.split("\r\n")[1].split(" ")[2]);
            if (epoch == answeredEpoch && version <= answeredVersion) {
                return; // sent again after a reconnect, and answered already
            }
            String answer = chromium.answer(id + ":" + epoch, offer);
            try {
                ok(connection.request(r -> new ClientMessage.Signal(r, "bridge", epoch, new SessionDescription("answer", answer), null)));
            } catch (java.util.concurrent.ExecutionException e) {
                // An offer overtaken by a change of the call (it left the bridge, or the connection is
                // new) is refused as stale, as a browser's would be; anything else is a failure.
                var code = ((se.samtal.protocol.SamtalException) e.getCause()).code();
                assertThat(code).as("a stale offer's answer").isIn(se.samtal.protocol.ErrorCode.NOT_IN_CALL,
                        se.samtal.protocol.ErrorCode.CONFLICT);
                return;
            }
            answeredEpoch = epoch;
            answeredVersion = version;
            lastOffer = offer;
        }

        /** How many others' sources the latest answered offer carries (send-only sections with an msid). */
        long remoteSources() {
            return lastOffer == null ? 0 : java.util.Arrays.stream(lastOffer.split("\r\nm=")).skip(1)
                    .filter(section -> section.contains("\r\na=sendonly\r\n") && section.contains("\r\na=msid:")).count();
        }
    }

    private static Person join(String session, String ref, String role, Person host) throws Exception {
        var connection = server.join(sign(platformClaims(session, ref, role).build(), TestServer.SECRET));
        var person = new Person(ref, connection);
        if (connection.welcome().you().stage() == Stage.WAITING) {
            ok(host.connection.request(r -> new ClientMessage.Admit(r, person.id)));
            awaitStage(connection, person.id, Stage.ADMITTED);
        }
        ok(connection.request(ClientMessage.JoinCall::new));
        return person;
    }

    private static void settle(List<Person> people, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            for (Person person : people) {
                person.pump();
            }
            if (done.getAsBoolean()) {
                return;
            }
        }
        throw new AssertionError("the call did not settle: " + people.stream().map(p -> p.ref + " " + (p.view == null ? null
                : p.view.topology() + "/" + p.view.bridge()) + " sources " + p.remoteSources()).toList());
    }

    private static boolean everyoneSeesEveryone(List<Person> people, FakeVideobridge bridge) {
        int n = people.size();
        boolean offers = people.stream().allMatch(p -> p.view != null && "bridge".equals(p.view.topology())
                && p.view.members().size() == n && p.view.bridge() != null && "ready".equals(p.view.bridge().state())
                && p.answeredEpoch == p.view.bridge().epoch() && p.remoteSources() == 2L * (n - 1));
        var conference = bridge.conferences().values().stream().findFirst();
        return offers && conference.isPresent() && conference.get().endpoints().size() == n
                && conference.get().endpoints().values().stream().allMatch(e -> e.remoteTransport() != null && e.sources().size() == 2);
    }

    private static Map<String, ColibriRules.Endpoint> endpointsOn(FakeVideobridge bridge) {
        return bridge.conferences().values().stream().findFirst().orElseThrow().endpoints();
    }

    /**
     * A therapist, a patient and a third person in the call, which went to the first bridge (the
     * second is kept busier), and everyone's offer answered there.
     */
    private static ArrayList<Person> threeOnTheFirstBridge(String session, String thirdRef, String thirdRole) throws Exception {
        first.stress(0.0);
        second.stress(0.9);
        var people = new ArrayList<Person>();
        Person therapist = join(session, "therapist-1", "therapist", null);
        people.add(therapist);
        people.add(join(session, "patient-1", "patient", therapist));
        people.add(join(session, thirdRef, thirdRole, therapist));
        settle(people, () -> everyoneSeesEveryone(people, first));
        return people;
    }

    @Test
    void aCallOfThreeThenEightThenBackToTwoWithEveryRequestOneTheBridgeTakes() throws Exception {
        String session = server.bookSession();
        var people = threeOnTheFirstBridge(session, "interpreter-1", "interpreter");
        Person therapist = people.getFirst();
        var endpoints = endpointsOn(first);
        for (Person person : people) {
            var endpoint = endpoints.get(person.id);
            assertThat(endpoint.mediaDeclared()).isTrue();
            assertThat(endpoint.remoteTransport().getUfrag()).as("the browser's own ICE credentials reach the bridge")
                    .isNotBlank().isNotEqualTo(endpoint.ufrag());
            assertThat(endpoint.sources()).extracting(s -> s.name()).containsExactly(person.id + "-a0", person.id + "-v0");
            assertThat(endpoint.sources().get(1).rtx()).as("video with its RTX pair").isPositive();
            assertThat(person.view.bridge().channel()).contains("/colibri-ws/jvb-1/").contains(person.id);
        }

        for (String ref : List.of("relative-1", "relative-2", "guardian-1", "guest-1", "relative-3")) {
            people.add(join(session, ref, ref.replaceAll("-\\d", ""), therapist));
        }
        settle(people, () -> everyoneSeesEveryone(people, first));
        assertThat(endpointsOn(first)).hasSize(8);

        for (Person leaving : List.copyOf(people.subList(2, 8))) {
            ok(leaving.connection.request(ClientMessage.LeaveCall::new));
            people.remove(leaving);
        }
        settle(people, () -> people.stream().allMatch(p -> p.view != null && "p2p".equals(p.view.topology())
                && p.view.links().size() == 1) && first.conferences().isEmpty());

        assertThat(first.refusals()).as("every Colibri2 request was one the bridge accepts").isEmpty();
        assertThat(first.requests()).hasSizeGreaterThan(8 + 8 + 6);
        people.forEach(p -> p.connection.close());
    }

    @Test
    void aBridgeThatDiesMidCallMovesTheConferenceAndEveryoneGetsAFreshConnection() throws Exception {
        String session = server.bookSession();
        var people = threeOnTheFirstBridge(session, "relative-1", "relative");
        var epochs = new HashMap<String, Long>();
        people.forEach(p -> epochs.put(p.id, p.view.bridge().epoch()));

        first.kill();
        settle(people, () -> everyoneSeesEveryone(people, second));
        for (Person person : people) {
            assertThat(person.view.bridge().epoch()).as("a fresh connection to the new bridge").isGreaterThan(epochs.get(person.id));
            assertThat(person.view.bridge().channel()).contains("/colibri-ws/jvb-2/");
            assertThat(person.view.members()).as("nobody left the call").hasSize(3);
        }
        assertThat(second.refusals()).isEmpty();
        people.forEach(p -> p.connection.close());
    }
}
