package se.samtal.server.visit;

import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.Stage;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Steps of a video visit through the Java client, for the protocol tests. */
public final class Visits {
    public static final Duration WAIT = Duration.ofSeconds(10);
    static final SessionDescription OFFER = new SessionDescription("offer", "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
    static final SessionDescription ANSWER = new SessionDescription("answer", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
    static final IceCandidate CANDIDATE = new IceCandidate("candidate:842163049 1 udp 1677729535 192.0.2.7 46154 typ srflx", "0", 0, "abcd");

    private Visits() {
    }

    /** A therapist and a patient of one session, both in the call, and what each was told about the other. */
    record InCall(String session, SamtalConnection therapist, SamtalConnection patient,
                  ServerMessage.CallPeer therapistPeer, ServerMessage.CallPeer patientPeer) implements AutoCloseable {
        String therapistId() {
            return therapist.welcome().you().participantId();
        }

        String patientId() {
            return patient.welcome().you().participantId();
        }

        long epoch() {
            return patientPeer.epoch();
        }

        @Override
        public void close() {
            therapist.close();
            patient.close();
        }
    }

    /** A therapist and a patient of one new session, the patient let in (not yet in the call). */
    public record Admitted(String session, SamtalConnection therapist, SamtalConnection patient) {
        public String patientId() {
            return patient.welcome().you().participantId();
        }
    }

    public static Admitted admitted(TestServer server) throws Exception {
        String session = server.bookSession();
        var therapist = server.join(server.link(session, "therapist-1"));
        var patient = server.join(server.link(session, "patient-1"));
        String patientId = patient.welcome().you().participantId();
        ok(therapist.request(id -> new ClientMessage.Admit(id, patientId)));
        awaitStage(patient, patientId, Stage.ADMITTED);
        return new Admitted(session, therapist, patient);
    }

    static InCall inCall(TestServer server) throws Exception {
        var admitted = admitted(server);
        String session = admitted.session();
        var therapist = admitted.therapist();
        var patient = admitted.patient();
        ok(therapist.request(ClientMessage.JoinCall::new));
        ok(patient.request(ClientMessage.JoinCall::new));
        var therapistPeer = therapist.awaitEvent(ServerMessage.CallPeer.class, p -> p.peer() != null, WAIT);
        var patientPeer = patient.awaitEvent(ServerMessage.CallPeer.class, p -> p.peer() != null, WAIT);
        assertThat(therapistPeer).isNotNull();
        assertThat(patientPeer).isNotNull();
        return new InCall(session, therapist, patient, therapistPeer, patientPeer);
    }

    /** Waits for a presence event that shows {@code participantId} at {@code stage}. */
    public static ServerMessage.Presence awaitStage(SamtalConnection on, String participantId, Stage stage) throws InterruptedException {
        var event = on.awaitEvent(ServerMessage.Presence.class,
                p -> p.participant().participantId().equals(participantId) && p.participant().stage() == stage, WAIT);
        assertThat(event).as("%s should be seen at %s", participantId, stage).isNotNull();
        return event;
    }

    public static void ok(java.util.concurrent.CompletableFuture<?> request) throws Exception {
        request.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The error code a request was refused with; fails if it succeeded. */
    public static se.samtal.protocol.ErrorCode refused(java.util.concurrent.CompletableFuture<?> request)
            throws InterruptedException, TimeoutException {
        try {
            request.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SamtalException se) {
                return se.code();
            }
            throw new AssertionError("unexpected failure", e.getCause());
        }
        throw new AssertionError("the request should have been refused");
    }

    static ClientMessage.Signal offer(String id, String to, long epoch) {
        return new ClientMessage.Signal(id, to, epoch, OFFER, null);
    }
}
