package se.samtal.server.config;

import se.samtal.signalling.call.CallLimits;
import se.samtal.protocol.Role;
import se.samtal.signalling.room.RoomPolicy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * A tenant's limits and rules for sessions.
 *
 * @param maxParticipantsPerSession people in one session at once (waiting, admitted or reconnecting)
 * @param maxScheduledSessions      sessions booked and not yet over, per tenant
 * @param joinEarly                 how long before its scheduled start a session can be joined
 * @param joinLate                  how long after its scheduled end a session can still be joined
 * @param waitingRoom               roles that wait until a host lets them in (never {@code therapist})
 * @param coTherapistsMayAdmit      whether therapists other than the leading (first present) one may
 *                                  admit, deny, send back and end
 * @param endWarning                everyone is warned this long before the scheduled end; {@code 0s} for never
 * @param hardStopAfter             if set, the session ends by itself this long after its scheduled end
 * @param maxInCall                 people in one call at once, observers included (beyond: {@code call_full})
 * @param maxInMesh                 people in one call when no video bridge is configured (a full mesh)
 */
public record PolicyConfig(Integer maxParticipantsPerSession, Integer maxScheduledSessions,
                           Duration joinEarly, Duration joinLate, List<Role> waitingRoom, Boolean coTherapistsMayAdmit,
                           Duration endWarning, Duration hardStopAfter, Integer maxInCall, Integer maxInMesh) {

    public PolicyConfig {
        maxParticipantsPerSession = maxParticipantsPerSession != null ? maxParticipantsPerSession : 16;
        maxScheduledSessions = maxScheduledSessions != null ? maxScheduledSessions : 100_000;
        joinEarly = joinEarly != null ? joinEarly : Duration.ofMinutes(30);
        joinLate = joinLate != null ? joinLate : Duration.ofHours(1);
        waitingRoom = waitingRoom != null ? java.util.Collections.unmodifiableList(new java.util.ArrayList<>(waitingRoom))
                : List.of(Role.PATIENT, Role.GUEST);
        coTherapistsMayAdmit = coTherapistsMayAdmit == null || coTherapistsMayAdmit;
        endWarning = endWarning != null ? endWarning : Duration.ofMinutes(5);
        maxInCall = maxInCall != null ? maxInCall : CallLimits.DEFAULT_MOST;
        maxInMesh = maxInMesh != null ? maxInMesh : Math.min(CallLimits.DEFAULT_MESH_MOST, maxInCall);
    }

    static PolicyConfig defaults() {
        return new PolicyConfig(null, null, null, null, null, null, null, null, null, null);
    }

    void validate(String key, Problems problems) {
        problems.range(maxParticipantsPerSession, 2, 1000, key + ".maxParticipantsPerSession");
        problems.range(maxScheduledSessions, 1, 10_000_000, key + ".maxScheduledSessions");
        problems.require(!joinEarly.isNegative(), key + ".joinEarly", "must not be negative");
        problems.require(!joinLate.isNegative(), key + ".joinLate", "must not be negative");
        for (int i = 0; i < waitingRoom.size(); i++) {
            Role role = waitingRoom.get(i);
            problems.require(role != null, key + ".waitingRoom[" + i + "]",
                    "must be a role: patient, guardian, relative, interpreter, guest, observer or bot");
            problems.require(role != Role.THERAPIST, key + ".waitingRoom[" + i + "]", "therapists (hosts) never wait");
        }
        problems.require(!endWarning.isNegative() && endWarning.compareTo(Duration.ofHours(1)) <= 0,
                key + ".endWarning", "must be between 0s and 1h");
        problems.range(maxInCall, 2, 100, key + ".maxInCall");
        problems.range(maxInMesh, 2, 8, key + ".maxInMesh");
        problems.require(maxInMesh <= maxInCall, key + ".maxInMesh", "must not be more than maxInCall");
        problems.require(hardStopAfter == null || (!hardStopAfter.isNegative() && hardStopAfter.compareTo(Duration.ofHours(12)) <= 0),
                key + ".hardStopAfter", "must be between 0s and 12h");
    }

    /** How many this tenant's calls take, with or without a video bridge. */
    public CallLimits callLimits(boolean bridged) {
        return new CallLimits(maxInCall, Math.min(maxInMesh, maxInCall), bridged);
    }

    /** The rules of a video visit in this tenant. */
    public RoomPolicy roomPolicy() {
        var roles = EnumSet.noneOf(Role.class);
        waitingRoom.forEach(roles::add);
        return new RoomPolicy(roles, coTherapistsMayAdmit, maxParticipantsPerSession, endWarning, hardStopAfter);
    }
}
