package se.samtal.server.recording;

import com.fasterxml.jackson.databind.node.ObjectNode;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.recording.ConsentDecision;
import se.samtal.protocol.recording.RecorderState;
import se.samtal.protocol.recording.RecordingPhase;
import se.samtal.server.testing.TestServer;
import se.samtal.server.visit.Visits;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.visit.Visits.WAIT;
import static se.samtal.server.visit.Visits.ok;

/** Steps of the consent flow through the Java client, for the recording protocol tests. */
final class Recordings {
    static final String VERSION = "2026-11";
    static final String TEXT_SV = "Vi vill spela in samtalet för handledning. Inspelningen sparas i 30 dagar.";
    static final String TEXT_EN = "We would like to record this call for supervision. The recording is kept for 30 days.";

    private Recordings() {
    }

    /** The first tenant records with consent; joiners without a yes {@code pause} it or {@code wait}. */
    static Consumer<ObjectNode> allowed(String joinersWithoutConsent) {
        return config -> {
            ObjectNode recording = TestServer.tenant(config).putObject("recording")
                    .put("mode", "with_consent").put("joinersWithoutConsent", joinersWithoutConsent);
            recording.putObject("consentText").put("version", VERSION).put("sv", TEXT_SV).put("en", TEXT_EN);
        };
    }

    static CompletableFuture<?> ask(SamtalConnection c) {
        return c.request(id -> new ClientMessage.RequestRecording(id, VERSION));
    }

    static CompletableFuture<?> say(SamtalConnection c, ConsentDecision decision) {
        return answerFor(c, null, decision);
    }

    static CompletableFuture<?> answerFor(SamtalConnection c, String participantId, ConsentDecision decision) {
        return c.request(id -> new ClientMessage.RecordingConsent(id, decision, participantId,
                decision == ConsentDecision.GIVE ? VERSION : null));
    }

    /** Waits for a recording event that matches; fails if none comes. */
    static ServerMessage.Recording awaitState(SamtalConnection on, Predicate<ServerMessage.Recording> matches)
            throws InterruptedException {
        var event = on.awaitEvent(ServerMessage.Recording.class, matches, WAIT);
        assertThat(event).as("a matching recording event").isNotNull();
        return event;
    }

    static ServerMessage.Recording awaitState(SamtalConnection on, RecordingPhase phase, RecorderState recorder)
            throws InterruptedException {
        return awaitState(on, r -> r.phase() == phase && r.recorder() == recorder);
    }

    static ServerMessage.RecordingPrompt awaitPrompt(SamtalConnection on, String about) throws InterruptedException {
        var prompt = on.awaitEvent(ServerMessage.RecordingPrompt.class, p -> p.participantId().equals(about), WAIT);
        assertThat(prompt).as("a consent question about %s", about).isNotNull();
        return prompt;
    }

    /** A therapist and a patient let in, a recording asked for, both said yes and the recorder confirmed it. */
    static Visits.Admitted recording(TestServer server) throws Exception {
        var pair = Visits.admitted(server);
        ok(ask(pair.therapist()));
        ok(say(pair.patient(), ConsentDecision.GIVE));
        awaitState(pair.therapist(), RecordingPhase.RECORDING, RecorderState.RECORDING);
        awaitState(pair.patient(), RecordingPhase.RECORDING, RecorderState.RECORDING);
        return pair;
    }
}
