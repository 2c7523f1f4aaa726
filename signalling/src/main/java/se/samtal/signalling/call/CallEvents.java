package se.samtal.signalling.call;

import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SessionDescription;

/**
 * What a {@link Call} tells its participants: whom to connect with, and the signals relayed to
 * them. Called while the call is being changed (under its owner's lock): implementations queue
 * and return at once.
 */
public interface CallEvents {

    /**
     * {@code to} is now to connect with {@code peer} (null: with nobody), as the polite or the
     * impolite side of perfect negotiation, on the peer connection numbered {@code epoch}.
     */
    void peerChanged(String to, String peer, boolean polite, long epoch);

    /** Signalling from {@code from} for {@code to}, on the peer connection numbered {@code epoch}. */
    void signalled(String to, String from, long epoch, SessionDescription description, IceCandidate candidate);
}
