package se.samtal.signalling.call;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionDescription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The peer connections of a call without the bridge: one per two people who exchange media (two
 * who both only receive need none), each with its epoch and negotiation roles, and what may be
 * relayed over them ({@link SignalRules}).
 */
final class Links {
    private final List<Pair> pairs = new ArrayList<>();

    Links(Collection<GroupCall.LinkState> kept) {
        kept.forEach(s -> pairs.add(Pair.of(s)));
    }

    Pair between(String a, String b) {
        for (Pair pair : pairs) {
            if (pair.isBetween(a, b)) {
                return pair;
            }
        }
        return null;
    }

    /** A new pair (the earlier entrant polite) with a fresh epoch, or the existing one with a fresh epoch. */
    Pair connect(String earlier, String later, long epoch) {
        Pair pair = between(earlier, later);
        if (pair == null) {
            pair = new Pair(earlier, later, epoch);
            pairs.add(pair);
        } else {
            pair.epoch = epoch;
        }
        pair.politeCandidates = 0;
        pair.impoliteCandidates = 0;
        return pair;
    }

    /** Takes every pair of {@code id} away; returns their peers. */
    List<String> disconnect(String id) {
        var peers = new ArrayList<String>();
        pairs.removeIf(pair -> {
            if (pair.has(id)) {
                peers.add(pair.peerOf(id));
                return true;
            }
            return false;
        });
        return peers;
    }

    List<Pair> of(String id) {
        return pairs.stream().filter(p -> p.has(id)).toList();
    }

    List<Pairing> pairingsOf(String id) {
        return of(id).stream().map(p -> p.pairingOf(id)).toList();
    }

    boolean isEmpty() {
        return pairs.isEmpty();
    }

    void clear() {
        pairs.clear();
    }

    List<GroupCall.LinkState> states() {
        return pairs.stream().map(Pair::state).toList();
    }

    /**
     * Checks a signal from {@code fromId} to {@code toId} and counts it; returns the epoch it is for.
     *
     * @param reachable whether {@code toId} is connected now
     * @param sends     whether {@code fromId} may send media (an observer may not)
     */
    long check(String fromId, String toId, Long epoch, SessionDescription description, IceCandidate candidate,
               boolean reachable, boolean sends) {
        if (of(fromId).isEmpty()) {
            throw new SamtalException(ErrorCode.NOT_IN_CALL, "You are not in a call with anyone.");
        }
        Pair pair = between(fromId, toId);
        if (pair == null) {
            throw new SamtalException(ErrorCode.NOT_IN_CALL, "The participant you address is not in your call.");
        }
        if (epoch == null || epoch != pair.epoch) {
            throw new SamtalException(ErrorCode.CONFLICT, "This signal is for an older peer connection (epoch "
                    + pair.epoch + " is current).");
        }
        if (!reachable) {
            throw new SamtalException(ErrorCode.UNAVAILABLE,
                    "Your peer is reconnecting; they keep their place. Negotiate again when they are back.");
        }
        if (description != null && !sends && SignalRules.sendsMedia(description.sdp())) {
            throw new SamtalException(ErrorCode.FORBIDDEN, "An observer receives and does not send media.");
        }
        if (candidate != null) {
            if (!pair.countCandidate(fromId)) {
                throw new SamtalException(ErrorCode.TOO_MANY_CANDIDATES, "At most "
                        + SignalRules.MAX_CANDIDATES_PER_DESCRIPTION + " candidates per session description.");
            }
        } else {
            pair.describedBy(fromId);
        }
        return pair.epoch;
    }
}
