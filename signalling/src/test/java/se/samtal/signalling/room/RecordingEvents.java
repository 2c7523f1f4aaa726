package se.samtal.signalling.room;

import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.SessionStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Keeps what a room reported, in order, as the server would receive it. */
final class RecordingEvents implements RoomEvents {
    record Changed(String member, String stage, String presence, boolean hostsAndSelfOnly) {
    }

    record Peer(String to, String peer, boolean polite, long epoch) {
    }

    record Relay(String to, String from, long epoch, SessionDescription description, IceCandidate candidate) {
    }

    record Ending(Instant scheduledEnd, Instant hardStopAt) {
    }

    record Denied(String member) {
    }

    final List<Object> all = new ArrayList<>();

    @Override
    public void changed(Member member, boolean hostsAndSelfOnly) {
        all.add(new Changed(member.id(), member.stage().wire(), member.presence().wire(), hostsAndSelfOnly));
    }

    @Override
    public void peerChanged(String to, String peer, boolean polite, long epoch) {
        all.add(new Peer(to, peer, polite, epoch));
    }

    @Override
    public void signalled(String to, String from, long epoch, SessionDescription description, IceCandidate candidate) {
        all.add(new Relay(to, from, epoch, description, candidate));
    }

    record View(String to, se.samtal.signalling.call.CallView view) {
    }

    record Offer(String to, se.samtal.signalling.call.BridgedOffer offer) {
    }

    @Override
    public void callChanged(String to, se.samtal.signalling.call.CallView view) {
        all.add(new View(to, view));
    }

    @Override
    public void bridgeOffered(String to, se.samtal.signalling.call.BridgedOffer offer) {
        all.add(new Offer(to, offer));
    }

    @Override
    public void bridgeCommanded(se.samtal.signalling.call.bridge.BridgeCommand command) {
        all.add(command);
    }

    @Override
    public void statusChanged(SessionStatus status) {
        all.add(status);
    }

    @Override
    public void ending(Instant scheduledEnd, Instant hardStopAt) {
        all.add(new Ending(scheduledEnd, hardStopAt));
    }

    record Admitted(String member, java.time.Duration waited) {
    }

    @Override
    public void admitted(Member member, java.time.Duration waited) {
        all.add(new Admitted(member.id(), waited));
    }

    @Override
    public void denied(Member member) {
        all.add(new Denied(member.id()));
    }

    record SentBack(String member) {
    }

    @Override
    public void sentBack(Member member) {
        all.add(new SentBack(member.id()));
    }

    <T> List<T> of(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    void clear() {
        all.clear();
    }
}
