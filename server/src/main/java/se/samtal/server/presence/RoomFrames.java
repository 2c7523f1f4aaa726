package se.samtal.server.presence;

import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.SessionStatus;
import se.samtal.signalling.room.Member;
import se.samtal.signalling.room.RoomEvents;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns what the room reports into wire messages of its live session: state changes and
 * warnings onto the session stream, call partners and relayed signals to one participant.
 * Runs under the session's lock, like the room.
 */
final class RoomFrames implements RoomEvents {
    private final LiveSession session;

    RoomFrames(LiveSession session) {
        this.session = session;
    }

    @Override
    public void changed(Member member, boolean hostsAndSelfOnly) {
        session.recording().follow(member,
                () -> session.emit(s -> new ServerMessage.Presence(s, session.view(member)), hostsAndSelfOnly ? member : null));
    }

    @Override
    public void callPeer(Member to, Member peer, boolean polite, long epoch) {
        session.sendTo(to.id(), new ServerMessage.CallPeer(peer == null ? null : peer.id(), polite, epoch));
    }

    @Override
    public void relay(Member to, Member from, long epoch, SessionDescription description, IceCandidate candidate) {
        session.sendTo(to.id(), new ServerMessage.Relayed(from.id(), epoch, description, candidate));
    }

    @Override
    public void statusChanged(SessionStatus status) {
        session.statusChanged(status);
    }

    @Override
    public void ending(Instant scheduledEnd, Instant hardStopAt) {
        session.emit(s -> new ServerMessage.SessionEnding(s, scheduledEnd, hardStopAt), null);
    }

    @Override
    public void admitted(Member member, Duration waited) {
        session.admitted(member.id(), waited);
    }

    @Override
    public void denied(Member member) {
        session.denied(member.id());
    }

    @Override
    public void sentBack(Member member) {
        session.sentBack(member.id());
    }
}
