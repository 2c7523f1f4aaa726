package se.samtal.signalling.call;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionDescription;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A call of two, peer to peer: one RTCPeerConnection between them, the one who entered first the
 * polite side of perfect negotiation, each new connection numbered with an epoch, and what may be
 * relayed between them ({@link SignalRules}). A third person finds the call full.
 */
public final class PeerToPeerCall implements Call {
    /** Makes peer-to-peer calls. */
    public static final Call.Factory FACTORY = PeerToPeerCall::new;
    /** People in the call at once. */
    private static final int MOST = 2;

    /**
     * A peer-to-peer call as plain values.
     *
     * @param entries how many times someone entered the call (orders the pair: the earlier is polite)
     * @param epochs  the last peer-connection epoch given out
     * @param parties who is in the call, in the order they entered
     * @param pair    the two connected, or null
     */
    public record State(long entries, long epochs, List<PartyState> parties, PairState pair) implements CallState {
        public State {
            parties = List.copyOf(parties);
        }
    }

    /** One person in the call: when they entered, and the candidates they sent since their last session description. */
    public record PartyState(String id, long entered, int candidatesSinceDescription) {
    }

    /** The two connected (by participant id) and their peer connection's epoch. */
    public record PairState(String polite, String impolite, long epoch) {
    }

    /** One person in the call. */
    private static final class Party {
        final long entered;
        /** Candidates sent since this person's last session description (bounded per description). */
        int candidatesSinceDescription;

        Party(long entered, int candidatesSinceDescription) {
            this.entered = entered;
            this.candidatesSinceDescription = candidatesSinceDescription;
        }
    }

    private final CallEvents events;
    private final Predicate<String> reachable;
    private final Map<String, Party> parties = new LinkedHashMap<>();
    private Pair pair;
    private long epochs;
    private long entries;

    private PeerToPeerCall(CallEvents events, Predicate<String> reachable, CallState kept) {
        this.events = events;
        this.reachable = reachable;
        if (kept instanceof State state) {
            entries = state.entries();
            epochs = state.epochs();
            state.parties().forEach(p -> parties.put(p.id(), new Party(p.entered(), p.candidatesSinceDescription())));
            var p = state.pair();
            pair = p == null ? null : new Pair(p.polite(), p.impolite(), p.epoch());
        }
    }

    @Override
    public void checkRoomFor(String participantId) {
        int others = parties.size() - (parties.containsKey(participantId) ? 1 : 0);
        if (others >= MOST) {
            throw new SamtalException(ErrorCode.CALL_FULL);
        }
    }

    /** With someone else in the call, both are told who their peer is, with a new epoch. */
    @Override
    public boolean enter(String participantId) {
        checkRoomFor(participantId);
        Party me = parties.computeIfAbsent(participantId, id -> new Party(++entries, 0));
        me.candidatesSinceDescription = 0;
        String other = parties.keySet().stream().filter(id -> !id.equals(participantId)).findFirst().orElse(null);
        if (other == null) {
            return false;
        }
        if (pair == null || !pair.isBetween(participantId, other)) {
            boolean meFirst = me.entered < parties.get(other).entered;
            pair = new Pair(meFirst ? participantId : other, meFirst ? other : participantId, 0);
        }
        pair.epoch = ++epochs;
        parties.get(other).candidatesSinceDescription = 0;
        events.peerChanged(pair.polite, pair.impolite, true, pair.epoch);
        events.peerChanged(pair.impolite, pair.polite, false, pair.epoch);
        return true;
    }

    /** The one left behind is told they are alone. */
    @Override
    public void leave(String participantId) {
        parties.remove(participantId);
        if (pair != null && pair.has(participantId)) {
            String peer = pair.peerOf(participantId);
            pair = null;
            events.peerChanged(peer, null, false, ++epochs);
        }
    }

    /** Relays between the two of the call, on their current epoch, while the addressee is connected. */
    @Override
    public void relay(String fromId, String toId, Long epoch, SessionDescription description, IceCandidate candidate) {
        Party from = parties.get(fromId);
        if (from == null || pair == null || !pair.has(fromId)) {
            throw new SamtalException(ErrorCode.NOT_IN_CALL, "You are not in a call with anyone.");
        }
        if (!pair.isBetween(fromId, toId)) {
            throw new SamtalException(ErrorCode.NOT_IN_CALL, "The participant you address is not in your call.");
        }
        if (epoch == null || epoch != pair.epoch) {
            throw new SamtalException(ErrorCode.CONFLICT, "This signal is for an older peer connection (epoch "
                    + pair.epoch + " is current).");
        }
        if (!reachable.test(toId)) {
            throw new SamtalException(ErrorCode.UNAVAILABLE,
                    "Your peer is reconnecting; they keep their place. Negotiate again when they are back.");
        }
        if (candidate != null) {
            if (from.candidatesSinceDescription >= SignalRules.MAX_CANDIDATES_PER_DESCRIPTION) {
                throw new SamtalException(ErrorCode.TOO_MANY_CANDIDATES, "At most "
                        + SignalRules.MAX_CANDIDATES_PER_DESCRIPTION + " candidates per session description.");
            }
            from.candidatesSinceDescription++;
        } else {
            from.candidatesSinceDescription = 0;
        }
        events.signalled(toId, fromId, pair.epoch, description, candidate);
    }

    @Override
    public List<Pairing> pairingsOf(String participantId) {
        return pair != null && pair.has(participantId) ? List.of(pair.pairingOf(participantId)) : List.of();
    }

    @Override
    public State snapshot() {
        var kept = parties.entrySet().stream()
                .map(e -> new PartyState(e.getKey(), e.getValue().entered, e.getValue().candidatesSinceDescription)).toList();
        return new State(entries, epochs, kept, pair == null ? null : new PairState(pair.polite, pair.impolite, pair.epoch));
    }

    @Override
    public void end() {
        pair = null;
        parties.clear();
    }
}
