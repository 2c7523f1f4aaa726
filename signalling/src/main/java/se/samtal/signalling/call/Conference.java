package se.samtal.signalling.call;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.signalling.call.CallView.BridgeLink;
import se.samtal.signalling.call.CallView.BridgeState;
import se.samtal.signalling.call.bridge.BridgeCommand;
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
import java.util.Set;
import java.util.UUID;

/**
 * A call's conference on the video bridge, as the call keeps it: which round it is (a new round for
 * every new conference: the first, or one moved to another bridge), where it is, and each
 * participant's seat in it — the epoch of their connection, the bridge's side and theirs, the
 * sources they send, how their offer's sections are laid out and its version. Every change is
 * told as commands for the bridge (carried out once committed) and offers for the participants.
 */
final class Conference {
    private final CallEvents events;
    private final CallPeople people;
    private final long round;
    private final String meetingId;
    private final Set<String> avoid;
    private final Map<String, Seat> seats = new LinkedHashMap<>();
    private String bridgeId;
    private BridgeState state;
    private List<Source> feedback = List.of();

    /** One participant's place in the conference. */
    static final class Seat {
        long epoch;
        /** Whether an Allocate for this seat's epoch is under way. */
        boolean allocating;
        Transport bridgeSide;
        Transport browserSide;
        List<Source> sources = List.of();
        MediaLayout layout = MediaLayout.empty();
        long version;
        int candidates;

        Seat(long epoch) {
            this.epoch = epoch;
        }

        GroupCall.SeatState state(String id) {
            return new GroupCall.SeatState(id, epoch, allocating, bridgeSide, browserSide, sources, layout, version, candidates);
        }

        static Seat of(GroupCall.SeatState s) {
            var seat = new Seat(s.epoch());
            seat.allocating = s.allocating();
            seat.bridgeSide = s.bridgeSide();
            seat.browserSide = s.browserSide();
            seat.sources = s.sources();
            seat.layout = s.layout();
            seat.version = s.version();
            seat.candidates = s.candidates();
            return seat;
        }
    }

    private Conference(CallEvents events, CallPeople people, long round, String meetingId, Set<String> avoid) {
        this.events = events;
        this.people = people;
        this.round = round;
        this.meetingId = meetingId;
        this.avoid = new HashSet<>(avoid);
    }

    /** A new conference for {@code members} (each with the epoch of a fresh connection), asked of the bridge at once. */
    static Conference start(CallEvents events, CallPeople people, long round, Map<String, Long> members, Set<String> avoid) {
        var conference = new Conference(events, people, round, UUID.randomUUID().toString(), avoid);
        conference.state = BridgeState.CONNECTING;
        members.forEach((id, epoch) -> conference.seats.put(id, new Seat(epoch)));
        conference.allocate(true);
        return conference;
    }

    static Conference restore(CallEvents events, CallPeople people, GroupCall.ConferenceState kept) {
        var conference = new Conference(events, people, kept.round(), kept.meetingId(), kept.avoid());
        conference.bridgeId = kept.bridgeId();
        conference.state = kept.state();
        conference.feedback = kept.feedback();
        kept.seats().forEach(s -> conference.seats.put(s.id(), Seat.of(s)));
        return conference;
    }

    GroupCall.ConferenceState state() {
        return new GroupCall.ConferenceState(round, meetingId, bridgeId, state, feedback, Set.copyOf(avoid),
                seats.entrySet().stream().map(e -> e.getValue().state(e.getKey())).toList());
    }

    long round() {
        return round;
    }

    Set<String> avoid() {
        return Set.copyOf(avoid);
    }

    boolean has(String id) {
        return seats.containsKey(id);
    }

    boolean isUnavailable() {
        return state == BridgeState.UNAVAILABLE;
    }

    /** What {@code id} is told of their connection to the bridge. */
    BridgeLink linkOf(String id) {
        Seat seat = seats.get(id);
        if (seat == null) {
            return null;
        }
        boolean ready = state == BridgeState.READY && seat.bridgeSide != null;
        return new BridgeLink(seat.epoch, ready ? BridgeState.READY : state == BridgeState.UNAVAILABLE
                ? BridgeState.UNAVAILABLE : BridgeState.CONNECTING, ready ? seat.bridgeSide.bridgeChannel() : null);
    }

    BridgedOffer offerOf(String id) {
        Seat seat = seats.get(id);
        return seat == null || seat.bridgeSide == null || seat.version == 0 ? null
                : new BridgedOffer(seat.epoch, seat.version, seat.bridgeSide, feedback, seat.layout);
    }

    // ---- people ----

    /** Someone new in the call: a seat, allocated now if the conference is up, else when it is. */
    void add(String id, long epoch) {
        seats.put(id, new Seat(epoch));
        if (state == BridgeState.READY) {
            allocate(false);
        }
    }

    /** Someone entered again: their old endpoint goes, and they get a fresh one. */
    void refresh(String id, long epoch) {
        Seat old = seats.get(id);
        if (old != null && old.bridgeSide != null && state == BridgeState.READY) {
            events.bridgeCommanded(new BridgeCommand.Expire(round, bridgeId, meetingId, id));
            withoutSourcesOf(id);
        }
        seats.put(id, new Seat(epoch));
        if (state == BridgeState.READY) {
            allocate(false);
        }
    }

    /** Someone left the call: their endpoint goes, and the others' offers lose their sources. */
    void remove(String id) {
        Seat seat = seats.remove(id);
        if (seat != null && seat.bridgeSide != null && state == BridgeState.READY) {
            events.bridgeCommanded(new BridgeCommand.Expire(round, bridgeId, meetingId, id));
            withoutSourcesOf(id);
        }
    }

    /** The conference is over (the call is back to two, or ended): the bridge is told. */
    void end() {
        events.bridgeCommanded(new BridgeCommand.End(round, bridgeId, meetingId));
        seats.clear();
    }

    // ---- the participant's side ----

    void answered(String id, Long epoch, int sections, Transport transport, List<Source> offered) {
        Seat seat = current(id, epoch);
        // Sections are only ever added to a connection's offers, so an answer to an earlier offer,
        // crossing a newer one on its way, has fewer: it still says the browser's transport and sources.
        if (sections < MediaLayout.OWN_SECTIONS || sections > seat.layout.sections()) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "The answer has " + sections + " media sections; no offer made on "
                    + "this connection had that many.");
        }
        List<Source> sources = people.sends(id) ? List.copyOf(offered) : List.of();
        seat.browserSide = transport;
        seat.candidates = 0;
        boolean changed = !sources.equals(seat.sources);
        List<Source> before = seat.sources;
        seat.sources = sources;
        events.bridgeCommanded(new BridgeCommand.Update(round, bridgeId, meetingId, id, transport, sources));
        if (changed) {
            for (var e : seats.entrySet()) {
                if (!e.getKey().equals(id)) {
                    Seat other = e.getValue();
                    MediaLayout layout = other.layout;
                    for (Source gone : before) {
                        if (!sources.contains(gone)) {
                            layout = layout.without(gone);
                        }
                    }
                    for (Source source : sources) {
                        layout = layout.with(source);
                    }
                    reoffer(e.getKey(), other, layout);
                }
            }
        }
    }

    void candidate(String id, Long epoch, Candidate candidate) {
        Seat seat = current(id, epoch);
        if (seat.browserSide == null) {
            throw new SamtalException(ErrorCode.UNAVAILABLE, "Answer the bridge's offer before sending candidates.");
        }
        if (++seat.candidates > SignalRules.MAX_CANDIDATES_PER_DESCRIPTION) {
            seat.candidates--;
            throw new SamtalException(ErrorCode.TOO_MANY_CANDIDATES, "At most "
                    + SignalRules.MAX_CANDIDATES_PER_DESCRIPTION + " candidates per session description.");
        }
        seat.browserSide = seat.browserSide.withCandidates(List.of(candidate));
        events.bridgeCommanded(new BridgeCommand.Update(round, bridgeId, meetingId, id, seat.browserSide, null));
    }

    private Seat current(String id, Long epoch) {
        Seat seat = seats.get(id);
        if (seat == null) {
            throw new SamtalException(ErrorCode.NOT_IN_CALL, "You are not in a call through the bridge.");
        }
        if (epoch == null || epoch != seat.epoch) {
            throw new SamtalException(ErrorCode.CONFLICT, "This signal is for an older connection to the bridge (epoch "
                    + seat.epoch + " is current).");
        }
        if (seat.version == 0) {
            throw new SamtalException(ErrorCode.UNAVAILABLE, "The bridge has made you no offer yet: wait for it.");
        }
        return seat;
    }

    // ---- the bridge's side ----

    /** The bridge gave endpoints their places: each gets its first offer. Returns false if the report is not this round's. */
    boolean allocated(BridgeReport.Allocated report) {
        if (report.round() != round) {
            return false;
        }
        bridgeId = report.bridgeId();
        state = BridgeState.READY;
        for (var place : report.places().entrySet()) {
            String id = place.getKey();
            Seat seat = seats.get(id);
            if (place.getValue().feedback() != null && !place.getValue().feedback().isEmpty()) {
                feedback = place.getValue().feedback();
            }
            if (seat == null || seat.epoch != place.getValue().epoch()) {
                // Left, or entered again, while the bridge was making the place: that endpoint goes.
                events.bridgeCommanded(new BridgeCommand.Expire(round, bridgeId, meetingId, id));
                continue;
            }
            seat.allocating = false;
            seat.bridgeSide = place.getValue().transport();
            MediaLayout layout = seat.layout;
            for (var other : seats.entrySet()) {
                if (!other.getKey().equals(id)) {
                    for (Source source : other.getValue().sources) {
                        layout = layout.with(source);
                    }
                }
            }
            reoffer(id, seat, layout);
        }
        allocate(false);
        return true;
    }

    /** No bridge now: the seats wait (the adapter keeps trying). */
    boolean unavailable(BridgeReport.Unavailable report) {
        if (report.round() != round) {
            return false;
        }
        state = BridgeState.UNAVAILABLE;
        return true;
    }

    /** Whether {@code report} says this conference's bridge is lost. */
    boolean lostBy(BridgeReport.Lost report) {
        return report.round() == round;
    }

    /** The bridge this conference was on, to avoid in the next round. */
    String bridgeId() {
        return bridgeId;
    }

    /** Asks the bridge for places for every seat that has none and is not being given one. */
    private void allocate(boolean create) {
        var wanted = new LinkedHashMap<String, Long>();
        for (var e : seats.entrySet()) {
            Seat seat = e.getValue();
            if (seat.bridgeSide == null && !seat.allocating) {
                seat.allocating = true;
                wanted.put(e.getKey(), seat.epoch);
            }
        }
        if (!wanted.isEmpty()) {
            events.bridgeCommanded(new BridgeCommand.Allocate(round, create ? null : bridgeId, avoid, meetingId, create, wanted));
        }
    }

    private void withoutSourcesOf(String id) {
        for (var e : seats.entrySet()) {
            if (!e.getKey().equals(id)) {
                reoffer(e.getKey(), e.getValue(), e.getValue().layout.without(id));
            }
        }
    }

    /** A new offer with {@code layout}, for a seat the bridge has placed (one it has not gets its first when it does). */
    private void reoffer(String id, Seat seat, MediaLayout layout) {
        boolean first = seat.version == 0;
        if (!first && layout.equals(seat.layout)) {
            return;
        }
        seat.layout = layout;
        if (seat.bridgeSide == null) {
            return;
        }
        seat.version++;
        events.bridgeOffered(id, new BridgedOffer(seat.epoch, seat.version, seat.bridgeSide, feedback, layout));
    }

    /** Everyone seated, in order. */
    List<String> seated() {
        return new ArrayList<>(seats.keySet());
    }
}
