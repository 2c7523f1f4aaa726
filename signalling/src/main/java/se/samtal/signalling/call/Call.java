package se.samtal.signalling.call;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionDescription;
import se.samtal.signalling.call.bridge.BridgeReport;
import se.samtal.signalling.media.Candidate;
import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Transport;

import java.util.List;
import java.util.Optional;

/**
 * The call inside a room: who of those let in is in it, who connects to whom and how, and what
 * signalling may pass between them. The room decides who may enter (let in, not waiting, still
 * holding their place); the call decides whether it can take one more and how media flows, and
 * tells each participant their connections and relays their signals through {@link CallEvents}.
 *
 * <p>The kind samtal has is {@link GroupCall}: two people peer to peer, more as a mesh or through
 * a video bridge. Every method either changes the call and reports it, or throws a
 * {@link SamtalException} having changed nothing. Part of its room: not thread-safe, called under
 * the room's owner's lock.
 */
public interface Call {

    /** Makes a room's call: a new one ({@code kept} null) or one as it was kept. */
    @FunctionalInterface
    interface Factory {
        Call open(CallEvents events, CallPeople people, CallState kept);
    }

    /** Refuses ({@code call_full}), changing nothing, if the call cannot take {@code participantId} now. */
    void checkRoomFor(String participantId);

    /**
     * {@code participantId} (let in by the room, {@linkplain #checkRoomFor checked}) is in the
     * call with fresh media connections; entering again asks for fresh ones. Everyone whose
     * connections change is told. Returns whether they are connected with anyone.
     */
    boolean enter(String participantId);

    /** {@code participantId} is out of the call (hung up, sent back, gone); the others are told. Not in it: nothing. */
    void leave(String participantId);

    /** Relays signalling from {@code fromId} to {@code toId}, if the call connects them directly. */
    void relay(String fromId, String toId, Long epoch, SessionDescription description, IceCandidate candidate);

    /**
     * The participant's answer to the bridge's latest offer: how many media sections it has (as
     * many as the offer, or it answers another), their transport and the sources they send.
     */
    default void bridgeAnswered(String fromId, Long epoch, int sections, Transport transport, List<Source> sources) {
        throw new SamtalException(ErrorCode.NOT_IN_CALL, "You are not in a call through the bridge.");
    }

    /** A candidate the participant trickled after their answer to the bridge. */
    default void bridgeCandidate(String fromId, Long epoch, Candidate candidate) {
        throw new SamtalException(ErrorCode.NOT_IN_CALL, "You are not in a call through the bridge.");
    }

    /** What the bridge reported. */
    default void bridgeReported(BridgeReport report) {
    }

    /** Whom {@code participantId} connects with directly now, and how (none if they are not in the call or alone in it). */
    List<Pairing> pairingsOf(String participantId);

    /** The call as {@code participantId} sees it, if they are in it. */
    Optional<CallView> viewOf(String participantId);

    /** The latest offer made to {@code participantId} on the bridge's behalf, if any. */
    default Optional<BridgedOffer> offerOf(String participantId) {
        return Optional.empty();
    }

    /** Everything the call knows, to be kept and given back to {@link Factory#open}. */
    CallState snapshot();

    /** The session is over: nobody connects any more. */
    void end();
}
