package se.samtal.signalling.call;

import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SessionDescription;
import se.samtal.signalling.call.bridge.BridgeCommand;

/**
 * What a {@link Call} tells its participants, and asks of the bridge: whom to connect with, the
 * signals relayed to them, offers on the bridge's behalf, and commands for the bridge. Called
 * while the call is being changed (under its owner's lock): implementations queue and return at
 * once; commands are carried out only once the change is committed.
 */
public interface CallEvents {

    /**
     * In a call of two: {@code to} is now to connect with {@code peer} (null: with nobody), as the
     * polite or the impolite side of perfect negotiation, on the peer connection numbered {@code epoch}.
     */
    void peerChanged(String to, String peer, boolean polite, long epoch);

    /** The call as {@code to} sees it changed: how media flows, who is in it, their connections. */
    void callChanged(String to, CallView view);

    /** Signalling from {@code from} for {@code to}, on the peer connection numbered {@code epoch}. */
    void signalled(String to, String from, long epoch, SessionDescription description, IceCandidate candidate);

    /** An offer for {@code to}'s connection to the bridge. */
    void bridgeOffered(String to, BridgedOffer offer);

    /** Something the bridge is to do, once the change is committed; its report comes back as a change of its own. */
    void bridgeCommanded(BridgeCommand command);
}
