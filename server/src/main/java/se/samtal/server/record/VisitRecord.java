package se.samtal.server.record;

import se.samtal.protocol.Role;
import se.samtal.protocol.SessionKind;
import se.samtal.protocol.SessionStatus;

import java.time.Instant;
import java.util.List;

/**
 * What samtal knows of one visit, for the journal and for follow-up: booked and actual times, the
 * contact type as it really happened, who took part in which role, how long each waited, who let
 * them in, reconnects, no-show and lateness, recording, interpreter. Made by {@link VisitRecords}
 * from the session's booking and its {@link VisitLog}; a value, computed again on every read.
 *
 * @param startedAt     when the visit began: two people first in the call together (a chat
 *                      session: let in together; a visit held in the session's chat alone: its
 *                      first message); null if it never did
 * @param endedAt       when the visit ended: the last time fewer than two were together, or the
 *                      session's end; null if it never began or is still going on
 * @param sessionEndedAt when the session itself ended or was cancelled (null if not)
 * @param contactType   {@code video}, {@code audio}, {@code text} or {@code mixed}; null without contact
 * @param outcome       {@code completed}, {@code no_show}, {@code not_held}, {@code cancelled} or {@code pending}
 * @param complete      whether the figures are final: the session is over
 * @param absent        booked people who never came
 */
public record VisitRecord(String tenantId, String sessionId, String externalRef, SessionKind kind, SessionStatus status,
                          Instant scheduledStart, Instant scheduledEnd, Instant startedAt, Instant endedAt,
                          Instant sessionEndedAt, String endReason, Long durationSeconds, String contactType,
                          Contact contact, String outcome, boolean noShow, boolean patientLate, boolean interpreterPresent,
                          Recording recording, List<Participant> participants, List<Absent> absent, boolean complete) {

    public static final String COMPLETED = "completed";
    public static final String NO_SHOW = "no_show";
    public static final String NOT_HELD = "not_held";
    public static final String CANCELLED = "cancelled";
    public static final String PENDING = "pending";

    /** Seconds of the visit with video and with sound only (two or more in the call), and chat messages by side. */
    public record Contact(long videoSeconds, long audioOnlySeconds, int chatMessages) {
    }

    /**
     * Whether a recording was asked for, and what came of it: {@code not_requested},
     * {@code recorded}, {@code refused}, {@code withdrawn}, {@code failed}, {@code not_started}.
     */
    public record Recording(boolean requested, String outcome) {
    }

    /**
     * One person in the visit.
     *
     * @param lateSeconds    how long after the scheduled start they first arrived (0 if in time)
     * @param waitedSeconds  time in the waiting room before they were first let in (null: never waited or never let in)
     * @param admittedBy     the host who let them in (null: nobody had to, or the room's own rules did)
     * @param reconnects     how often their connection dropped and they came back within the grace period
     * @param inCallSeconds  time in the call
     * @param leftReason     {@code left}, {@code disconnected}, {@code denied}, or null if still there (or the session ended)
     */
    public record Participant(String participantId, String ref, Role role, String name, Instant joinedAt, Instant leftAt,
                              String leftReason, long lateSeconds, boolean late, Long waitedSeconds, Instant admittedAt,
                              AdmittedBy admittedBy, int reconnects, long inCallSeconds, boolean tookPart) {
    }

    /** The host who let someone in. */
    public record AdmittedBy(String participantId, Role role) {
    }

    /** Someone the booking expected who never came. */
    public record Absent(String ref, Role role, String name) {
    }

    /** The record without display names (what it is unless the platform asks for names). */
    public VisitRecord withoutNames() {
        return new VisitRecord(tenantId, sessionId, externalRef, kind, status, scheduledStart, scheduledEnd, startedAt, endedAt,
                sessionEndedAt, endReason, durationSeconds, contactType, contact, outcome, noShow, patientLate,
                interpreterPresent, recording,
                participants.stream().map(p -> new Participant(p.participantId(), p.ref(), p.role(), null, p.joinedAt(),
                        p.leftAt(), p.leftReason(), p.lateSeconds(), p.late(), p.waitedSeconds(), p.admittedAt(),
                        p.admittedBy(), p.reconnects(), p.inCallSeconds(), p.tookPart())).toList(),
                absent.stream().map(a -> new Absent(a.ref(), a.role(), null)).toList(), complete);
    }

    /** The first patient's time in the waiting room before being let in, if a patient was let in after waiting. */
    public Long patientWaitedSeconds() {
        return participants.stream().filter(p -> p.role() == Role.PATIENT && p.waitedSeconds() != null)
                .map(Participant::waitedSeconds).findFirst().orElse(null);
    }
}
