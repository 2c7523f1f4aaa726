package se.samtal.signalling.call;

import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SessionDescription;

import java.util.List;
import java.util.function.Predicate;

/**
 * The call inside a room: who of those let in is in it, who connects to whom and how, and what
 * signalling may pass between them. The room decides who may enter (let in, not waiting, still
 * holding their place); the call decides whether it can take one more and how media flows, and
 * tells each participant their peers and relays their signals through {@link CallEvents}.
 *
 * <p>Today there is one kind, {@link PeerToPeerCall}: two people, one RTCPeerConnection between
 * them. A call of more (a small mesh, or through a bridge) is another implementation of this
 * interface; the room's rules do not change for it.
 *
 * <p>Every method either changes the call and reports it, or throws a
 * {@link se.samtal.protocol.SamtalException} having changed nothing. Part of its room: not
 * thread-safe, called under the room's owner's lock.
 */
public interface Call {

    /** Makes a room's call: a new one ({@code kept} null) or one as it was kept. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param events    where the call reports who connects to whom and relays signals
         * @param reachable whether a participant's connection is up now (signals to one who is
         *                  reconnecting are refused, not lost)
         */
        Call open(CallEvents events, Predicate<String> reachable, CallState kept);
    }

    /** Refuses ({@code call_full}), changing nothing, if the call cannot take {@code participantId} now. */
    void checkRoomFor(String participantId);

    /**
     * {@code participantId} (let in by the room, {@linkplain #checkRoomFor checked}) is in the
     * call with a fresh media connection; entering again asks for a fresh one. Everyone whose
     * peers change is told. Returns whether they are connected with anyone.
     */
    boolean enter(String participantId);

    /** {@code participantId} is out of the call (hung up, sent back, gone); their peers are told. Not in it: nothing. */
    void leave(String participantId);

    /** Relays signalling from {@code fromId} to {@code toId}, if the call connects them directly. */
    void relay(String fromId, String toId, Long epoch, SessionDescription description, IceCandidate candidate);

    /** Whom {@code participantId} connects with now, and how (none if they are not in the call or alone in it). */
    List<Pairing> pairingsOf(String participantId);

    /** Everything the call knows, to be kept and given back to {@link Factory#open}. */
    CallState snapshot();

    /** The session is over: nobody connects any more. */
    void end();
}
