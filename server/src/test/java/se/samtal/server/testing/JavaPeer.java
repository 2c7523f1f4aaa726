package se.samtal.server.testing;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.IceServer;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionDescription;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real WebRTC peer in Java (webrtc-java, Google's native WebRTC): sends a synthetic video
 * stream, counts the frames it receives, and does all its signalling through a samtal connection
 * exactly as a browser would: {@code call.peer} tells it the peer and its role, offers, answers
 * and candidates go out as {@code signal} requests and come in as relayed {@code signal}s.
 * The impolite side makes the offer.
 */
public final class JavaPeer implements AutoCloseable {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;

    private final SamtalConnection samtal;
    private final PeerConnectionFactory factory = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
    private final CustomVideoSource camera = new CustomVideoSource();
    private final VideoTrack track;
    private final ScheduledExecutorService frames = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicReference<RTCPeerConnectionState> state = new AtomicReference<>(RTCPeerConnectionState.NEW);
    private final Thread pump;
    private volatile RTCPeerConnection pc;
    private volatile ServerMessage.CallPeer peer;
    private volatile VideoTrack remoteTrack;
    private final dev.onvoid.webrtc.media.video.VideoTrackSink sink = frame -> framesReceived.incrementAndGet();

    public JavaPeer(SamtalConnection samtal) {
        this.samtal = samtal;
        this.track = factory.createVideoTrack("camera", camera);
        frames.scheduleAtFixedRate(this::pushFrame, 0, 66, TimeUnit.MILLISECONDS);
        this.pump = Thread.ofVirtual().name("java-peer-signals").start(this::pumpSignals);
    }

    /** Enters the call; the connection is set up when samtal names the peer. */
    public void joinCall() throws Exception {
        samtal.request(ClientMessage.JoinCall::new).get(10, TimeUnit.SECONDS);
    }

    private void pumpSignals() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                ServerMessage message = samtal.nextEvent(Duration.ofMillis(200));
                switch (message) {
                    case ServerMessage.CallPeer p when p.peer() != null -> start(p);
                    case ServerMessage.Relayed signal -> receive(signal);
                    case null, default -> {
                        // presence and the rest: not this peer's business
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void start(ServerMessage.CallPeer callPeer) {
        this.peer = callPeer;
        var config = new RTCConfiguration();
        for (IceServer server : samtal.welcome().iceServers()) {
            var ice = new RTCIceServer();
            ice.urls = server.urls();
            ice.username = server.username();
            ice.password = server.credential();
            config.iceServers.add(ice);
        }
        pc = factory.createPeerConnection(config, new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                send(null, new IceCandidate(candidate.sdp, candidate.sdpMid, candidate.sdpMLineIndex, null));
            }

            @Override
            public void onConnectionChange(RTCPeerConnectionState newState) {
                state.set(newState);
            }

            @Override
            public void onTrack(RTCRtpTransceiver transceiver) {
                if (transceiver.getReceiver().getTrack() instanceof VideoTrack remote) {
                    remote.addSink(sink);
                    remoteTrack = remote;
                }
            }
        });
        pc.addTrack(track, List.of("samtal"));
        if (!callPeer.polite()) {
            offer();
        }
    }

    private void receive(ServerMessage.Relayed signal) {
        if (pc == null || signal.epoch() != peer.epoch()) {
            return;
        }
        if (signal.description() != null) {
            var type = "offer".equals(signal.description().type()) ? RTCSdpType.OFFER : RTCSdpType.ANSWER;
            var done = new CompletableFuture<Void>();
            pc.setRemoteDescription(new RTCSessionDescription(type, signal.description().sdp()), settled(done));
            done.join(); // on the pump thread, never on WebRTC's signalling thread
            if (type == RTCSdpType.OFFER) {
                var answer = new CompletableFuture<RTCSessionDescription>();
                pc.createAnswer(new RTCAnswerOptions(), created(answer));
                setLocalAndSend(answer.join());
            }
        } else if (signal.candidate() != null && !signal.candidate().candidate().isEmpty()) {
            var c = signal.candidate();
            pc.addIceCandidate(new RTCIceCandidate(c.sdpMid(), c.sdpMLineIndex() == null ? 0 : c.sdpMLineIndex(), c.candidate()));
        }
    }

    private void offer() {
        var offer = new CompletableFuture<RTCSessionDescription>();
        pc.createOffer(new RTCOfferOptions(), created(offer));
        setLocalAndSend(offer.join());
    }

    private void setLocalAndSend(RTCSessionDescription description) {
        var done = new CompletableFuture<Void>();
        pc.setLocalDescription(description, settled(done));
        done.join();
        send(new SessionDescription(description.sdpType == RTCSdpType.OFFER ? "offer" : "answer", description.sdp), null);
    }

    /** WebRTC calls back on its own signalling thread: only complete futures there, never block. */
    private static CreateSessionDescriptionObserver created(CompletableFuture<RTCSessionDescription> result) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                result.complete(description);
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(new IllegalStateException(error));
            }
        };
    }

    private static SetSessionDescriptionObserver settled(CompletableFuture<Void> done) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                done.complete(null);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new IllegalStateException(error));
            }
        };
    }

    private void send(SessionDescription description, IceCandidate candidate) {
        var to = peer;
        samtal.request(id -> new ClientMessage.Signal(id, to.peer(), to.epoch(), description, candidate));
    }

    private void pushFrame() {
        var buffer = NativeI420Buffer.allocate(WIDTH, HEIGHT);
        var y = buffer.getDataY();
        byte shade = (byte) (System.nanoTime() >>> 24);
        while (y.hasRemaining()) {
            y.put(shade);
        }
        var frame = new VideoFrame(buffer, System.nanoTime());
        camera.pushFrame(frame);
        frame.release();
    }

    public RTCPeerConnectionState connectionState() {
        return state.get();
    }

    public long framesReceived() {
        return framesReceived.get();
    }

    @Override
    public void close() {
        pump.interrupt();
        frames.shutdownNow();
        if (remoteTrack != null) {
            remoteTrack.removeSink(sink);
        }
        if (pc != null) {
            pc.close(); // releases the senders, and with them the local track and its source
        }
        factory.dispose();
    }
}
