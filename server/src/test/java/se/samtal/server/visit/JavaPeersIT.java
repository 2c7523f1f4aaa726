package se.samtal.server.visit;

import dev.onvoid.webrtc.RTCPeerConnectionState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.server.testing.JavaPeer;
import se.samtal.server.testing.TestServer;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two real WebRTC peers in Java (native WebRTC through webrtc-java) connected by samtal's signalling alone. */
class JavaPeersIT {
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
    void twoJavaPeersConnectThroughSamtalAndVideoFramesArrive() throws Exception {
        var admitted = Visits.admitted(server);
        SamtalConnection therapistLink = admitted.therapist();
        SamtalConnection patientLink = admitted.patient();

        try (var therapist = new JavaPeer(therapistLink); var patient = new JavaPeer(patientLink)) {
            therapist.joinCall();
            patient.joinCall();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    therapist.connectionState() == RTCPeerConnectionState.CONNECTED
                            && patient.connectionState() == RTCPeerConnectionState.CONNECTED);
            await().atMost(Duration.ofSeconds(60)).until(() -> therapist.framesReceived() > 10 && patient.framesReceived() > 10);
        } finally {
            therapistLink.close();
            patientLink.close();
        }
        assertThat(server.get("/metrics").raw().body()).containsPattern("samtal_signals_relayed_total\\{kind=\"offer\"} [1-9]");
    }
}
