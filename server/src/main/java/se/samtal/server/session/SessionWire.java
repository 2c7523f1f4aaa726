package se.samtal.server.session;

import se.samtal.protocol.SessionDescription;
import se.samtal.signalling.call.BridgedOffer;
import se.samtal.signalling.call.CallView;
import se.samtal.videobridge.sdp.BridgeOffer;
import se.samtal.protocol.IceServer;
import se.samtal.protocol.ParticipantView;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionView;
import se.samtal.protocol.WireCodec;
import se.samtal.protocol.recording.RecordingSnapshot;
import se.samtal.server.auth.TokenMinter;
import se.samtal.server.gateway.EncodedMessage;
import se.samtal.server.gateway.LastFrame;
import se.samtal.server.recording.RecordingWire;
import se.samtal.signalling.feed.SessionFact;
import se.samtal.signalling.ice.IceServerEntry;
import se.samtal.signalling.live.TenantRules;
import se.samtal.signalling.visit.Booking;

import java.time.Clock;
import java.util.List;

/**
 * Live sessions as the wire shows them: the one place where the engine's facts become frames.
 * A stream's fact is encoded once for all its receivers. The welcome is where a resume token is
 * minted and TURN credentials made, once the join is committed and only for the join that was.
 * Person refs never go on the wire.
 */
public final class SessionWire {
    private final WireCodec codec;
    private final TokenMinter minter;
    private final TenantRules rules;
    private final int heartbeatSeconds;
    private final Clock clock;
    /** Every receiver of a stream's fact gets the same bytes. */
    private final LastFrame<SessionFact> encoded = new LastFrame<>(this::message);

    /** @param heartbeatSeconds what clients are told about pings */
    public SessionWire(WireCodec codec, TokenMinter minter, TenantRules rules, int heartbeatSeconds, Clock clock) {
        this.codec = codec;
        this.minter = minter;
        this.rules = rules;
        this.heartbeatSeconds = heartbeatSeconds;
        this.clock = clock;
    }

    /**
     * The fact encoded as a frame. A session's feed hands one fact to each of its receivers in
     * turn, so the frame encoded for the first is reused for the others (by identity of the fact;
     * a fact that was not the last one encoded is simply encoded again).
     */
    EncodedMessage frame(SessionFact fact) {
        return encoded.of(fact, codec);
    }

    /** What a participant calls the bridge in signals: {@code to} and {@code from}. */
    public static final String BRIDGE = "bridge";

    private static ServerMessage.CallChanged call(CallView view) {
        var links = view.links().stream().map(l -> new ServerMessage.CallChanged.Link(l.peerId(), l.polite(), l.epoch())).toList();
        var bridge = view.bridge() == null ? null : new ServerMessage.CallChanged.Bridge(view.bridge().epoch(),
                view.bridge().state().wire(), view.bridge().channel() == null ? null : view.bridge().channel().toString());
        return new ServerMessage.CallChanged(view.topology().wire(), view.members(), links, bridge);
    }

    /** The SDP of an offer on the bridge's behalf: its session id is the connection's epoch, its version the offer's. */
    private static String sdp(BridgedOffer offer) {
        return new BridgeOffer(offer.epoch(), offer.version(), offer.bridge(), offer.feedback(), offer.layout()).sdp();
    }

    /** The message for a fact. */
    ServerMessage message(SessionFact fact) {
        return switch (fact) {
            case SessionFact.ParticipantChanged p -> new ServerMessage.Presence(p.seq(), view(p.participant()));
            case SessionFact.RecordingChanged r -> RecordingWire.event(r.seq(), r.recording());
            case SessionFact.EndNear e -> new ServerMessage.SessionEnding(e.seq(), e.scheduledEnd(), e.hardStopAt());
            case SessionFact.Ended e -> new ServerMessage.SessionEnded(e.seq(), e.reason());
            case SessionFact.PeerChanged p -> new ServerMessage.CallPeer(p.peerId(), p.polite(), p.epoch());
            case SessionFact.Signalled s -> new ServerMessage.Relayed(s.from(), s.epoch(), s.description(), s.candidate());
            case SessionFact.CallChanged c -> call(c.view());
            case SessionFact.BridgeOffered o -> new ServerMessage.Relayed(BRIDGE, o.offer().epoch(),
                    new SessionDescription("offer", sdp(o.offer())), null);
            case SessionFact.ConsentAsked q -> new ServerMessage.RecordingPrompt(q.subject(), q.asGuardian(), q.text());
            case SessionFact.Welcomed w -> welcome(w);
        };
    }

    private ServerMessage.Welcome welcome(SessionFact.Welcomed w) {
        Booking booking = w.booking();
        String participantId = w.you().id();
        var token = minter.resumeToken(w.principal(), booking.id(), participantId, w.streamId());
        return new ServerMessage.Welcome(w.requestId(), w.connectionId(), token.token(), heartbeatSeconds, view(w.you()),
                view(booking), w.visible().stream().map(SessionWire::view).toList(), w.seq(), w.recovered(),
                iceServers(rules.turn(booking.tenantId()).iceServersFor(participantId)), clock.instant(), snapshot(w.recording()));
    }

    /** A participant as others see them; their consent only where the session may be recorded. */
    static ParticipantView view(SessionFact.Participant p) {
        return new ParticipantView(p.id(), p.role(), p.name(), p.presence(), p.stage(), p.media(), p.waitingSince(),
                p.consent() == null ? null : RecordingWire.consent(p.consent()));
    }

    static SessionView view(Booking booking) {
        return new SessionView(booking.id(), booking.kind(), booking.title(), booking.status(), booking.scheduledStart(),
                booking.scheduledEnd());
    }

    static List<IceServer> iceServers(List<IceServerEntry> entries) {
        return entries.stream().map(e -> new IceServer(e.urls(), e.username(), e.credential())).toList();
    }

    private static RecordingSnapshot snapshot(SessionFact.RecordingNow now) {
        if (now == null) {
            return null;
        }
        var view = RecordingWire.event(0, now.view());
        return new RecordingSnapshot(view.phase(), view.recorder(), view.requestedBy(), view.reason(), now.mayRequest(),
                now.consentText());
    }
}
