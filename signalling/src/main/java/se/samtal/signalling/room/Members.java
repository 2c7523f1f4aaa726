package se.samtal.signalling.room;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is in a {@link Room}, in order of first arrival, and who among them counts for what: who
 * holds a place, which therapist leads, who may see whom, and the member a request names. The
 * room changes members; this finds them. Part of its room, under the same lock.
 */
final class Members {
    private final Map<String, Member> byId = new LinkedHashMap<>(4); // room for a visit's two or three before it grows
    private long arrivals;

    /** A member's latest arrival gets the next number (the earliest present therapist leads). */
    void arrived(Member member) {
        byId.putIfAbsent(member.id(), member);
        member.arrival = ++arrivals;
    }

    /** How many arrivals were counted, to keep. */
    long arrivals() {
        return arrivals;
    }

    /** Takes up what was kept: the count of arrivals and the members, in their order. */
    void restore(long arrivalCount, List<RoomState.MemberState> kept) {
        arrivals = arrivalCount;
        for (RoomState.MemberState m : kept) {
            byId.put(m.id(), Member.from(m));
        }
    }

    /** The member with {@code id}, or null. */
    Member get(String id) {
        return id == null ? null : byId.get(id);
    }

    Collection<Member> all() {
        return byId.values();
    }

    /** Members holding a place (connected, away or reconnecting). */
    int holdingPlaces() {
        return (int) byId.values().stream().filter(Member::holdsPlace).count();
    }

    boolean hostPresent() {
        return byId.values().stream().anyMatch(m -> m.isHost() && m.holdsPlace());
    }

    /** The therapist who leads: the earliest to arrive of those present. */
    Member leadingHost() {
        return byId.values().stream().filter(m -> m.isHost() && m.holdsPlace())
                .min((a, b) -> Long.compare(a.arrival, b.arrival)).orElse(null);
    }

    /** Whether a member's connection is up now (the call relays only to those who are). */
    boolean reachable(String id) {
        Member member = get(id);
        return member != null && member.presence.isConnected();
    }

    /** Whether {@code viewer} is told about {@code subject}: hosts see everyone, others see those who have been let in. */
    static boolean canSee(Member viewer, Member subject) {
        return viewer == subject || viewer.isHost() || subject.visibleToEveryone();
    }

    /** Everyone {@code viewerId} can see, in order of arrival, themselves included. */
    List<Member> visibleTo(String viewerId) {
        Member viewer = existing(viewerId);
        var visible = new ArrayList<Member>();
        for (Member m : byId.values()) {
            if (canSee(viewer, m)) {
                visible.add(m);
            }
        }
        return visible;
    }

    /** A member acting for themselves: they must hold their place and not have left. */
    Member present(String id) {
        Member member = get(id);
        if (member == null || !member.holdsPlace()) {
            throw new SamtalException(ErrorCode.CONFLICT, "This connection no longer holds your place in the session.");
        }
        return member;
    }

    /** The member a host's act is about. */
    Member target(String id) {
        Member target = get(id);
        if (target == null) {
            throw new SamtalException(ErrorCode.NOT_FOUND, "No such participant in this session.");
        }
        return target;
    }

    /** A member the caller knows is there. */
    Member existing(String id) {
        Member member = get(id);
        if (member == null) {
            throw new IllegalArgumentException("no member " + id);
        }
        return member;
    }
}
