package se.samtal.signalling.room;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.MediaState;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.Stage;
import se.samtal.signalling.call.BridgedOffer;
import se.samtal.signalling.call.Call;
import se.samtal.signalling.call.CallView;
import se.samtal.signalling.call.Pairing;
import se.samtal.signalling.call.SignalRules;
import se.samtal.signalling.call.bridge.BridgeReport;
import se.samtal.signalling.media.Candidate;
import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Transport;

import java.util.List;
import java.util.Optional;

/**
 * A room's call as its members use it: who of those let in enters and leaves it, the signals
 * they send (to a peer, or to the bridge), their media as they say it, and what the bridge
 * reports. The room's rules say who may (let in, not waiting); the {@link Call} does the rest.
 * Part of its {@link Room}: not thread-safe, under the same lock.
 */
public final class RoomCall {
    private final Room room;
    private final Call call;
    private final Members members;

    RoomCall(Room room, Call call, Members members) {
        this.room = room;
        this.call = call;
        this.members = members;
    }


    /**
     * The member enters the call with a fresh media connection (again: a fresh one), if the call
     * can take them; everyone whose peers change is told. The first connection of the call puts
     * the session in progress.
     */
    public void join(String id) {
        Member member = members.present(id);
        if (member.stage == Stage.WAITING) {
            throw new SamtalException(ErrorCode.NOT_ADMITTED);
        }
        call.checkRoomFor(id);
        if (member.stage != Stage.IN_CALL) {
            member.stage = Stage.IN_CALL;
            room.announce(member);
        }
        if (call.enter(id)) {
            room.callConnected();
        }
    }

    /** The member leaves the call and stays in the session. Leaving when not in the call changes nothing. */
    public void leave(String id) {
        Member member = members.present(id);
        if (member.stage == Stage.IN_CALL) {
            call.leave(id);
            member.stage = Stage.ADMITTED;
            room.announce(member);
        }
    }

    /** Relays signalling from {@code fromId} to {@code toId}, if the call connects them. */
    public void relay(String fromId, String toId, Long epoch, SessionDescription description, IceCandidate candidate) {
        SignalRules.checkShape(description, candidate);
        Member from = members.present(fromId);
        if (from.stage == Stage.WAITING) {
            throw new SamtalException(ErrorCode.NOT_ADMITTED);
        }
        call.relay(fromId, toId, epoch, description, candidate);
    }

    /** The member's media as they say it; fields left null stay as they were. Audio only means camera off. */
    public void setMedia(String id, Boolean microphone, Boolean camera, Boolean audioOnly) {
        Member member = members.present(id);
        boolean audio = audioOnly != null ? audioOnly : member.media.audioOnly();
        boolean video = !audio && (camera != null ? camera : member.media.camera());
        var media = new MediaState(microphone != null ? microphone : member.media.microphone(), video, audio);
        if (!media.equals(member.media)) {
            member.media = media;
            room.announce(member);
        }
    }

    /** The member's answer to the bridge's offer: their transport and the sources they send. */
    public void answerBridge(String id, Long epoch, int sections, Transport transport, List<Source> sources) {
        inCallOrWaiting(id);
        call.bridgeAnswered(id, epoch, sections, transport, sources);
    }

    /** A candidate the member trickled to the bridge after their answer. */
    public void bridgeCandidate(String id, Long epoch, Candidate candidate) {
        inCallOrWaiting(id);
        call.bridgeCandidate(id, epoch, candidate);
    }

    private void inCallOrWaiting(String id) {
        if (members.present(id).stage == Stage.WAITING) {
            throw new SamtalException(ErrorCode.NOT_ADMITTED);
        }
    }

    /** What the video bridge reported about the room's call. */
    public void bridgeReported(BridgeReport report) {
        call.bridgeReported(report);
    }

    /** In a call of two: whom the member connects with, with their negotiation role and epoch (none if not paired). */
    public List<Pairing> pairingsOf(String id) {
        return call.pairingsOf(id);
    }

    /** The call as the member sees it, if they are in it. */
    public Optional<CallView> callViewOf(String id) {
        return call.viewOf(id);
    }

    /** The latest offer the member has on the bridge's behalf, if they are in a call through it. */
    public Optional<BridgedOffer> offerOf(String id) {
        return call.offerOf(id);
    }
}
