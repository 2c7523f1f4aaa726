package se.samtal.loadtest.gatling;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import se.samtal.protocol.ClientMessage;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.rendezVous;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ws;
import static se.samtal.loadtest.gatling.SamtalDsl.expectPushed;
import static se.samtal.loadtest.gatling.SamtalDsl.presence;
import static se.samtal.loadtest.gatling.SamtalDsl.request;

/**
 * A Wi-Fi outage in the clinic's building: every therapist in a visit loses their connection at
 * the same moment, and all come back at once with their resume tokens. Meanwhile each patient,
 * at home, sees the therapist as {@code reconnecting} (not gone) and writes in the chat. Nobody
 * loses a message or their place: each therapist's welcome says {@code recovered: true} and
 * {@code in_call}, the call partner is the same with the same epoch (keep the peer connection),
 * and {@code chat.subscribe} after the last message they had returns exactly the one written while
 * they were away. Full run: 200 visits (400 people) arriving over 30 s as on a clinic's morning,
 * then, once all are in their calls, the 200 therapists dropping together and coming back together.
 *
 * <p>Gatling cannot cut a TCP connection without a closing handshake; the drop is a close frame
 * (1001, going away) without {@code leave}, which samtal treats the same as a lost socket.
 */
public class ReconnectStormSimulation extends Simulation {
    private final Target target = Target.resolve("reconnect-storm");
    /**
     * Its p99 bound is 1 s, not 250 ms: the requests that matter here come as one burst (200
     * resumes in the same instant), so their p99 is the time the last of the burst waits.
     */
    private final LoadShape shape = LoadShape.of(200, Duration.ofSeconds(30), 3, 1000);

    private final ScenarioBuilder storm = scenario("reconnect storm")
            .exec(Visit.untilConnected(target))
            .exec(request(Visit.THERAPIST, "therapist: chat.subscribe", (s, id) -> new ClientMessage.ChatSubscribe(id, null, null),
                    jsonPath("$.result.conversation.lastSeq").ofLong().saveAs("chatSeq")))
            .exec(request(Visit.PATIENT, "patient: chat.subscribe", (s, id) -> new ClientMessage.ChatSubscribe(id, null, null)))
            .exec(rendezVous(shape.users()))
            .exec(ws("therapist: connection lost").wsName(Visit.THERAPIST).close(1001, "network lost"))
            .exec(expectPushed(Visit.PATIENT, "patient: sees therapist reconnecting",
                    presence("therapistId", "presence", "reconnecting"), "away"))
            .exec(session -> session.set("missedText", "Skrev medan du var borta /" + session.userId()))
            .exec(request(Visit.PATIENT, "patient: chat.send while therapist away", (s, id) -> new ClientMessage.ChatSend(id, null,
                    "away-" + s.userId(), s.getString("missedText")), jsonPath("$.result.message.seq").exists()))
            .exec(rendezVous(shape.users()))
            .exec(SamtalDsl.clearInbox(Visit.THERAPIST), ws("therapist: reconnect").wsName(Visit.THERAPIST).connect("/ws"))
            .exec(SamtalDsl.hello(Visit.THERAPIST, "therapist: resume", (s, id) -> ClientMessage.Hello.resuming(id,
                            s.getString("therapistResume"), s.getLong("therapistSeq")),
                    jsonPath("$.recovered").ofBoolean().is(true),
                    jsonPath("$.you.participantId").isEL("#{therapistId}"),
                    jsonPath("$.you.stage").is("in_call")))
            .exec(expectPushed(Visit.THERAPIST, "therapist: same call partner, same epoch", (s, e) ->
                    "call.peer".equals(e.path("type").asText()) && s.getString("patientId").equals(e.path("peer").asText())
                            && s.getLong("epoch") == e.path("epoch").asLong(), "samePeer"))
            .exec(request(Visit.THERAPIST, "therapist: chat.subscribe after the outage",
                    (s, id) -> new ClientMessage.ChatSubscribe(id, null, s.getLong("chatSeq")),
                    jsonPath("$.result.recovered").ofBoolean().is(true),
                    jsonPath("$.result.messages[*].text").count().is(1),
                    jsonPath("$.result.messages[0].text").isEL("#{missedText}")))
            .exec(expectPushed(Visit.PATIENT, "patient: sees therapist back", presence("therapistId", "presence", "joined"), "back"))
            .exec(Visit.hangUp());

    {
        setUp(storm.injectOpen(rampUsers(shape.users()).during(shape.during())))
                .protocols(SamtalDsl.protocol(target))
                .assertions(TherapySessionSimulation.assertions(shape));
    }

    @Override
    public void after() {
        target.close();
    }
}
