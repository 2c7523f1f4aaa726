package se.samtal.loadtest.gatling;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import se.samtal.loadtest.peer.WebRtcSamples;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SessionDescription;

import java.time.Duration;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static se.samtal.loadtest.gatling.SamtalDsl.chatMessage;
import static se.samtal.loadtest.gatling.SamtalDsl.event;
import static se.samtal.loadtest.gatling.SamtalDsl.expectPushed;
import static se.samtal.loadtest.gatling.SamtalDsl.eventCheck;
import static se.samtal.loadtest.gatling.SamtalDsl.join;
import static se.samtal.loadtest.gatling.SamtalDsl.presence;
import static se.samtal.loadtest.gatling.SamtalDsl.request;
import static se.samtal.loadtest.gatling.SamtalDsl.signal;

/**
 * One video visit, as one virtual user with two connections ({@code patient} and
 * {@code therapist}) plays it, step by step as the browsers do (docs/protocol.md).
 */
final class Visit {
    static final String PATIENT = "patient";
    static final String THERAPIST = "therapist";
    private static final int CANDIDATES = 2;

    private Visit() {
    }

    /**
     * The platform books and mints links; the patient connects and waits; the therapist connects,
     * sees them waiting and admits them; both enter the call; the patient (impolite: they entered
     * second) offers, the therapist answers, and each trickles two candidates and the end.
     */
    static ChainBuilder untilConnected(Target target) {
        return exec(PlatformCalls.people(), PlatformCalls.bookVisit(target),
                PlatformCalls.visitLink(target, "platform: patient's link", PlatformCalls.PATIENT_REF, "patientToken"),
                PlatformCalls.visitLink(target, "platform: therapist's link", PlatformCalls.THERAPIST_REF, "therapistToken"))
                .exec(join(PATIENT, "patientToken",
                        jsonPath("$.you.stage").is("waiting"),
                        jsonPath("$.you.participantId").saveAs("patientId")))
                .exec(join(THERAPIST, "therapistToken",
                        jsonPath("$.you.participantId").saveAs("therapistId"),
                        jsonPath("$.participants[?(@.role == 'patient')].stage").is("waiting"),
                        jsonPath("$.resumeToken").saveAs("therapistResume"),
                        jsonPath("$.seq").ofLong().saveAs("therapistSeq")))
                .exec(request(THERAPIST, "therapist: admit", (s, id) -> new ClientMessage.Admit(id, s.getString("patientId"))))
                .exec(expectPushed(PATIENT, "patient: is let in", presence("patientId", "stage", "admitted"), "admitted"))
                .exec(request(THERAPIST, "therapist: call.join", (s, id) -> new ClientMessage.JoinCall(id)))
                // The patient's own call.peer comes before the ack of their call.join (in one check sequence).
                .exec(request(PATIENT, "patient: call.join", List.of(eventCheck("patient: call.peer", "call.peer",
                                jsonPath("$.peer").isEL("#{therapistId}"), jsonPath("$.polite").ofBoolean().is(false),
                                jsonPath("$.epoch").ofLong().saveAs("epoch"))),
                        (s, id) -> new ClientMessage.JoinCall(id)))
                .exec(expectPushed(THERAPIST, "therapist: call.peer arrives", (s, e) -> event("call.peer").test(s, e)
                        && s.getString("patientId").equals(e.path("peer").asText()) && e.path("polite").asBoolean()
                        && s.getLong("epoch") == e.path("epoch").asLong(), "therapistPeer"))
                .exec(request(PATIENT, "patient: offer", (s, id) -> description(s, id, "therapistId", "offer")))
                .exec(expectPushed(THERAPIST, "therapist: offer arrives", signal("offer"), "offer"))
                .exec(request(THERAPIST, "therapist: answer", (s, id) -> description(s, id, "patientId", "answer")))
                .exec(expectPushed(PATIENT, "patient: answer arrives", signal("answer"), "answer"))
                .exec(trickle(PATIENT, "therapistId"), candidatesArrive(THERAPIST))
                .exec(trickle(THERAPIST, "patientId"), candidatesArrive(PATIENT));
    }

    private static ClientMessage.Signal description(Session s, String id, String toKey, String type) {
        return new ClientMessage.Signal(id, s.getString(toKey), s.getLong("epoch"), new SessionDescription(type, WebRtcSamples.SDP), null);
    }

    private static ChainBuilder trickle(String who, String toKey) {
        return repeat(CANDIDATES + 1, "candidate").on(request(who, who + ": candidate", (s, id) -> {
            int n = s.getInt("candidate");
            var candidate = new IceCandidate(n == CANDIDATES ? "" : WebRtcSamples.candidate(n), "0", 0, "EsAw");
            return new ClientMessage.Signal(id, s.getString(toKey), s.getLong("epoch"), null, candidate);
        }));
    }

    private static ChainBuilder candidatesArrive(String who) {
        return repeat(CANDIDATES + 1).on(expectPushed(who, who + ": candidate arrives", signal("candidate"), "candidateSeen"));
    }

    /** Both follow the session's chat; then {@code rounds} times the therapist writes, the patient reads and answers. */
    static ChainBuilder chat(int rounds, Duration think) {
        return exec(request(THERAPIST, "therapist: chat.subscribe", (s, id) -> new ClientMessage.ChatSubscribe(id, null, null)),
                request(PATIENT, "patient: chat.subscribe", (s, id) -> new ClientMessage.ChatSubscribe(id, null, null)))
                .repeat(rounds, "round").on(
                        pause(think),
                        write(THERAPIST, PATIENT, "Hur har veckan varit?"),
                        pause(think),
                        write(PATIENT, THERAPIST, "Bättre, tack. Jag har gjort övningarna."));
    }

    /** {@code from} writes {@code text} (acked once stored), and {@code to} receives it. */
    static ChainBuilder write(String from, String to, String text) {
        String key = from + "Text";
        return exec(session -> session.set(key, text + " (" + session.userId() + "/" + session.getInt("round") + ")"))
                .exec(request(from, from + ": chat.send", (s, id) -> new ClientMessage.ChatSend(id, null,
                                "k-" + from + "-" + s.userId() + "-" + s.getInt("round"), s.getString(key)),
                        jsonPath("$.result.message.seq").exists(), jsonPath("$.result.duplicate").ofBoolean().is(false)))
                .exec(expectPushed(to, to + ": chat.message arrives", chatMessage(key), "chatSeen"));
    }

    /** The therapist ends the visit for everyone (the server closes both connections, 4011). */
    static ChainBuilder hangUp() {
        return exec(request(THERAPIST, "therapist: session.end", (s, id) -> new ClientMessage.EndSession(id)));
    }
}
