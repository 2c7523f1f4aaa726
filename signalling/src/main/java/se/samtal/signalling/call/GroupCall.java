package se.samtal.signalling.call;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionDescription;
import se.samtal.signalling.call.CallView.BridgeState;
import se.samtal.signalling.call.bridge.BridgeReport;
import se.samtal.signalling.media.Candidate;
import se.samtal.signalling.media.MediaLayout;
import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Transport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A call of two or more. Two people are peer to peer (one connection, end-to-end encrypted); from
 * the third person on the call goes through the video bridge when the deployment has one, else it
 * is a full mesh up to {@link CallLimits#meshMost()}; it moves between these as people come and
 * go, and nobody leaves the call for it. A mesh keeps the peer connections it has and adds those
 * a newcomer needs; a move to the bridge gives everyone a fresh connection to it; back at two,
 * the pair gets a fresh peer connection and the bridge's conference ends. A bridge that is lost
 * moves the conference to another (a new round, fresh connections); no bridge at all falls back
 * to a mesh where the count allows, and otherwise waits for one. Observers receive and do not send.
 */
public final class GroupCall implements Call {

    /** A group call as plain values. */
    public record State(long entries, long epochs, long rounds, Topology topology, List<PartyState> parties,
                        List<LinkState> links, ConferenceState conference) implements CallState {
        public State {
            parties = List.copyOf(parties);
            links = List.copyOf(links);
        }
    }

    /** Someone in the call, and when they came in (orders everything: the earlier is polite). */
    public record PartyState(String id, long entered) {
    }

    /** A peer connection between two, its epoch, and the candidates each sent since their last description. */
    public record LinkState(String polite, String impolite, long epoch, int politeCandidates, int impoliteCandidates) {
    }

    /** The conference on the bridge. */
    public record ConferenceState(long round, String meetingId, String bridgeId, BridgeState state, List<Source> feedback,
                                  Set<String> avoid, List<SeatState> seats) {
        public ConferenceState {
            feedback = List.copyOf(feedback);
            avoid = Set.copyOf(avoid);
            seats = List.copyOf(seats);
        }
    }

    /** One participant's seat in the conference. */
    public record SeatState(String id, long epoch, boolean allocating, Transport bridgeSide, Transport browserSide,
                            List<Source> sources, MediaLayout layout, long version, int candidates) {
        public SeatState {
            sources = List.copyOf(sources);
        }
    }

    private final CallEvents events;
    private final CallPeople people;
    private final CallLimits limits;
    /**
     * Who is in the call, with when they entered. Most sessions never start a call: until someone
     * enters this is the shared empty map, and the first entry makes one with room for a visit's
     * two or three.
     */
    private Map<String, Long> parties = Map.of();
    private final Links links;
    private Topology topology;
    private Conference conference;
    private long entries;
    private long epochs;
    private long rounds;

    private GroupCall(CallEvents events, CallPeople people, CallLimits limits, CallState kept) {
        this.events = events;
        this.people = people;
        this.limits = limits;
        if (kept instanceof State state) {
            entries = state.entries();
            epochs = state.epochs();
            rounds = state.rounds();
            topology = state.topology();
            state.parties().forEach(p -> partiesToChange().put(p.id(), p.entered()));
            links = new Links(state.links());
            conference = state.conference() == null ? null : Conference.restore(events, people, state.conference());
        } else {
            topology = Topology.P2P;
            links = new Links(List.of());
        }
    }

    /** Makes group calls with these limits. */
    public static Call.Factory factory(CallLimits limits) {
        return (events, people, kept) -> new GroupCall(events, people, limits, kept);
    }

    private Map<String, Long> partiesToChange() {
        if (!(parties instanceof LinkedHashMap)) {
            parties = new LinkedHashMap<>(4);
        }
        return parties;
    }

    // ---- coming and going ----

    @Override
    public void checkRoomFor(String participantId) {
        int count = parties.size() + (parties.containsKey(participantId) ? 0 : 1);
        if (count > limits.most()) {
            throw new SamtalException(ErrorCode.CALL_FULL, "This call has the most people it can take (" + limits.most() + ").");
        }
        if (!limits.bridged() && count > limits.meshMost()) {
            throw new SamtalException(ErrorCode.CALL_FULL, "Without a video bridge a call takes at most "
                    + limits.meshMost() + " people.");
        }
    }

    @Override
    public boolean enter(String participantId) {
        checkRoomFor(participantId);
        boolean again = parties.containsKey(participantId);
        if (!again) {
            partiesToChange().put(participantId, ++entries);
        }
        if (topology == Topology.BRIDGE) {
            if (again) {
                conference.refresh(participantId, ++epochs);
            } else {
                conference.add(participantId, ++epochs);
            }
        } else if (parties.size() <= 2) {
            topology = Topology.P2P;
            String other = others(participantId).stream().findFirst().orElse(null);
            if (other != null) {
                pairUp(participantId, other);
            }
        } else if (limits.bridged()) {
            toBridge(Set.of());
        } else {
            toMesh(again ? participantId : null, participantId);
        }
        tellEveryone();
        return connected(participantId);
    }

    @Override
    public void leave(String participantId) {
        if (!parties.containsKey(participantId)) {
            return; // (and never a change to the shared empty map)
        }
        parties.remove(participantId);
        if (topology == Topology.BRIDGE) {
            conference.remove(participantId);
            if (parties.size() < 3) {
                conference.end();
                conference = null;
                topology = Topology.P2P;
                if (parties.size() == 2) {
                    var two = new ArrayList<>(parties.keySet());
                    pairUp(two.get(0), two.get(1));
                }
            }
        } else {
            boolean wasPair = topology == Topology.P2P;
            List<String> peers = links.disconnect(participantId);
            if (wasPair) {
                peers.forEach(peer -> events.peerChanged(peer, null, false, ++epochs));
            }
            if (parties.size() <= 2) {
                topology = Topology.P2P;
                if (!wasPair && parties.size() == 2) {
                    var two = new ArrayList<>(parties.keySet());
                    Pair pair = links.between(two.get(0), two.get(1));
                    if (pair == null) {
                        pairUp(two.get(0), two.get(1));
                    } else {
                        tellPair(pair);
                    }
                }
            }
        }
        tellEveryone();
    }

    @Override
    public void end() {
        if (conference != null) {
            conference.end();
            conference = null;
        }
        links.clear();
        parties = Map.of();
        topology = Topology.P2P;
    }

    // ---- signals ----

    @Override
    public void relay(String fromId, String toId, Long epoch, SessionDescription description, IceCandidate candidate) {
        if (!parties.containsKey(fromId)) {
            throw new SamtalException(ErrorCode.NOT_IN_CALL, "You are not in a call with anyone.");
        }
        if (topology == Topology.BRIDGE) {
            throw new SamtalException(ErrorCode.NOT_IN_CALL, "Your call goes through the bridge: signal to 'bridge'.");
        }
        long current = links.check(fromId, toId, epoch, description, candidate, people.reachable(toId), people.sends(fromId));
        events.signalled(toId, fromId, current, description, candidate);
    }

    @Override
    public void bridgeAnswered(String fromId, Long epoch, int sections, Transport transport, List<Source> sources) {
        throughTheBridge(fromId).answered(fromId, epoch, sections, transport, sources);
    }

    @Override
    public void bridgeCandidate(String fromId, Long epoch, Candidate candidate) {
        throughTheBridge(fromId).candidate(fromId, epoch, candidate);
    }

    private Conference throughTheBridge(String fromId) {
        if (topology != Topology.BRIDGE || !conference.has(fromId)) {
            throw new SamtalException(ErrorCode.NOT_IN_CALL, "You are not in a call through the bridge.");
        }
        return conference;
    }

    @Override
    public void bridgeReported(BridgeReport report) {
        if (conference == null || topology != Topology.BRIDGE) {
            if (report instanceof BridgeReport.Allocated stale) {
                events.bridgeCommanded(new se.samtal.signalling.call.bridge.BridgeCommand.End(stale.round(),
                        stale.bridgeId(), stale.meetingId()));
            }
            return;
        }
        switch (report) {
            case BridgeReport.Allocated allocated -> {
                if (!conference.allocated(allocated)) {
                    events.bridgeCommanded(new se.samtal.signalling.call.bridge.BridgeCommand.End(allocated.round(),
                            allocated.bridgeId(), allocated.meetingId()));
                    return;
                }
            }
            case BridgeReport.Unavailable unavailable -> {
                if (!conference.unavailable(unavailable)) {
                    return;
                }
                if (parties.size() <= limits.meshMost()) {
                    conference.end();
                    conference = null;
                    toMesh(null, null);
                }
            }
            case BridgeReport.Lost lost -> {
                if (!conference.lostBy(lost)) {
                    return;
                }
                var avoid = new HashSet<>(conference.avoid());
                if (lost.bridgeId() != null) {
                    avoid.add(lost.bridgeId());
                }
                conference.end();
                conference = null;
                toBridge(avoid);
            }
        }
        tellEveryone();
    }

    // ---- reading ----

    @Override
    public List<Pairing> pairingsOf(String participantId) {
        return topology == Topology.P2P ? links.pairingsOf(participantId) : List.of();
    }

    @Override
    public Optional<CallView> viewOf(String participantId) {
        if (!parties.containsKey(participantId)) {
            return Optional.empty();
        }
        var members = List.copyOf(parties.keySet());
        if (topology == Topology.BRIDGE) {
            return Optional.of(new CallView(topology, members, List.of(), conference.linkOf(participantId)));
        }
        return Optional.of(new CallView(topology, members, links.pairingsOf(participantId), null));
    }

    @Override
    public Optional<BridgedOffer> offerOf(String participantId) {
        return topology == Topology.BRIDGE ? Optional.ofNullable(conference.offerOf(participantId)) : Optional.empty();
    }

    /** How media flows now (for metrics and tests). */
    public Topology topology() {
        return topology;
    }

    @Override
    public State snapshot() {
        return new State(entries, epochs, rounds, topology,
                parties.entrySet().stream().map(e -> new PartyState(e.getKey(), e.getValue())).toList(),
                links.states(), conference == null ? null : conference.state());
    }

    // ---- inside ----

    private List<String> others(String id) {
        return parties.keySet().stream().filter(p -> !p.equals(id)).toList();
    }

    private boolean connected(String id) {
        return topology == Topology.BRIDGE ? parties.size() > 1 : !links.of(id).isEmpty();
    }

    /** A fresh peer connection between two (the earlier entrant polite), told in the words of a call of two. */
    private void pairUp(String a, String b) {
        boolean aFirst = parties.get(a) < parties.get(b);
        Pair pair = links.connect(aFirst ? a : b, aFirst ? b : a, ++epochs);
        tellPair(pair);
    }

    private void tellPair(Pair pair) {
        events.peerChanged(pair.polite, pair.impolite, true, pair.epoch);
        events.peerChanged(pair.impolite, pair.polite, false, pair.epoch);
    }

    /** Everyone to the bridge, with a fresh connection each; a pair of two is told it has no peer any more. */
    private void toBridge(Set<String> avoid) {
        leavePairWords();
        links.clear();
        topology = Topology.BRIDGE;
        var members = new LinkedHashMap<String, Long>();
        parties.keySet().forEach(id -> members.put(id, ++epochs));
        conference = Conference.start(events, people, ++rounds, members, avoid);
    }

    /**
     * A mesh: the connections there are stay; whoever lacks one to someone they exchange media
     * with gets it (fresh ones for {@code renewed}, who entered again).
     */
    private void toMesh(String renewed, String newcomer) {
        leavePairWords();
        topology = Topology.MESH;
        if (renewed != null) {
            links.disconnect(renewed);
        }
        var ids = new ArrayList<>(parties.keySet());
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                String earlier = ids.get(i);
                String later = ids.get(j);
                boolean exchange = people.sends(earlier) || people.sends(later);
                if (exchange && links.between(earlier, later) == null) {
                    links.connect(earlier, later, ++epochs);
                }
            }
        }
    }

    /** When a call of two grows, its two are told, in the words of a call of two, that it is no longer one. */
    private void leavePairWords() {
        if (topology == Topology.P2P) {
            for (String id : parties.keySet()) {
                if (!links.of(id).isEmpty()) {
                    events.peerChanged(id, null, false, links.of(id).getFirst().epoch);
                }
            }
        }
    }

    private void tellEveryone() {
        for (String id : parties.keySet()) {
            viewOf(id).ifPresent(view -> events.callChanged(id, view));
        }
    }
}
