package se.samtal.loadtest.gatling;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import se.samtal.protocol.ClientMessage;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ws;
import static se.samtal.loadtest.gatling.SamtalDsl.chatMessage;
import static se.samtal.loadtest.gatling.SamtalDsl.expectPushed;
import static se.samtal.loadtest.gatling.SamtalDsl.join;
import static se.samtal.loadtest.gatling.SamtalDsl.request;

/**
 * The asynchronous inbox between visits: each virtual user is one care conversation. The
 * platform opens it; the patient writes three messages when the thought comes (each acked only
 * once durably stored); later a therapist connects, finds them unread, reads the history, replies
 * and marks them read; the patient, still connected, gets the reply. Full run: 600 conversations
 * over two minutes.
 */
public class AsyncInboxSimulation extends Simulation {
    private static final int MESSAGES = 3;
    private final Target target = Target.resolve("async-inbox");
    private final LoadShape shape = LoadShape.of(600, Duration.ofMinutes(2), 3);

    private final ScenarioBuilder inbox = scenario("async inbox")
            .exec(PlatformCalls.people(), PlatformCalls.openConversation(target),
                    PlatformCalls.conversationLink(target, "platform: patient's link", PlatformCalls.PATIENT_REF, "patientToken"),
                    PlatformCalls.conversationLink(target, "platform: therapist's link", PlatformCalls.THERAPIST_REF, "therapistToken"))
            .exec(join("patient", "patientToken", jsonPath("$.conversationId").exists()))
            .exec(request("patient", "patient: chat.subscribe", (s, id) -> new ClientMessage.ChatSubscribe(id, null, null)))
            .exec(repeat(MESSAGES, "n").on(
                    pause(shape.thinkTime()),
                    request("patient", "patient: chat.send", (s, id) -> new ClientMessage.ChatSend(id, null,
                                    "k-" + s.userId() + "-" + s.getInt("n"), "Tanke nummer " + (s.getInt("n") + 1) + " från " + s.userId()),
                            jsonPath("$.result.message.seq").ofInt().is(s -> s.getInt("n") + 1))))
            .exec(pause(shape.thinkTime()))
            .exec(join("therapist", "therapistToken"))
            .exec(request("therapist", "therapist: chat.subscribe", (s, id) -> new ClientMessage.ChatSubscribe(id, null, null),
                    jsonPath("$.result.unread").ofInt().is(MESSAGES)))
            .exec(request("therapist", "therapist: chat.history", (s, id) -> new ClientMessage.ChatHistory(id, null, null, 0L, 50),
                    jsonPath("$.result.messages[*].seq").count().is(MESSAGES),
                    jsonPath("$.result.messages[0].sender.role").is("patient")))
            .exec(exec(session -> session.set("replyText", "Tack, jag läser och svarar utförligt i morgon. /" + session.userId())),
                    request("therapist", "therapist: chat.send", (s, id) -> new ClientMessage.ChatSend(id, null,
                                    "reply-" + s.userId(), s.getString("replyText")),
                            jsonPath("$.result.message.seq").ofInt().is(MESSAGES + 1)))
            .exec(request("therapist", "therapist: chat.mark", (s, id) -> new ClientMessage.ChatMark(id, null, null, (long) MESSAGES + 1),
                    jsonPath("$.result.unread").ofInt().is(0)))
            .exec(expectPushed("patient", "patient: reply arrives", chatMessage("replyText"), "replySeen"))
            .exec(ws("therapist: close").wsName("therapist").close(), ws("patient: close").wsName("patient").close());

    {
        setUp(inbox.injectOpen(rampUsers(shape.users()).during(shape.during())))
                .protocols(SamtalDsl.protocol(target))
                .assertions(TherapySessionSimulation.assertions(shape));
    }

    @Override
    public void after() {
        target.close();
    }
}
