package se.samtal.server.record;

import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SessionKind;
import se.samtal.protocol.SessionStatus;
import se.samtal.protocol.Stage;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.ExpectedParticipant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a {@link VisitRecord} from a session's booking and its visit log: the one place where
 * what happened becomes figures. The rules, as the platform API documents them:
 *
 * <ul>
 *   <li>The visit is <b>together</b> while two or more people are in the call (a {@code chat}
 *       session: let in). It began the first time they were, and ended the last time fewer were,
 *       or when the session ended. A video or audio session without a call, where both the
 *       patient's side and the care team wrote in its chat, was held as text, from the first
 *       message to the last.</li>
 *   <li>While together, the call is <b>video</b> if someone in it has the camera on and nobody
 *       in it chose sound only, else <b>audio</b>. The contact type is the one the visit had; it
 *       is {@code mixed} if it had both, each for at least {@link #MODE_COUNTS} (a shorter spell
 *       does not count, unless it is all there was).</li>
 *   <li>{@code completed} if it began; otherwise {@code cancelled} if the platform cancelled it,
 *       {@code pending} while it may still happen (not ended, and the tenant's {@code joinLate}
 *       after the scheduled end has not passed), {@code no_show} if no patient came, and
 *       {@code not_held} if one came but the visit never began.</li>
 *   <li>Someone is late who first arrived more than {@link #LATE_AFTER} after the scheduled start.</li>
 * </ul>
 */
public final class VisitRecords {
    /** Arriving later than this after the scheduled start is late. */
    public static final Duration LATE_AFTER = Duration.ofMinutes(5);
    /** A spell of video or of sound only counts for the contact type once it lasted this long. */
    public static final Duration MODE_COUNTS = Duration.ofMinutes(1);

    private static final Set<Role> PATIENT_SIDE = EnumSet.of(Role.PATIENT, Role.GUARDIAN, Role.RELATIVE);

    private VisitRecords() {
    }

    /**
     * The record of {@code booking}'s visit from its log, as of {@code now}.
     *
     * @param joinLate how long after the scheduled end people may still join (the tenant's policy)
     */
    public static VisitRecord of(Booking booking, List<VisitEvent> events, Instant now, Duration joinLate) {
        return new Fold(booking, now).run(events, joinLate);
    }

    private static final class Person {
        final String id;
        Role role;
        String ref;
        String name;
        Instant joinedAt;
        Instant leftAt;
        String leftReason;
        Long waitedMillis;
        Instant admittedAt;
        String admittedBy;
        int reconnects;
        long inCallMillis;
        Instant inCallSince;
        boolean tookPart;
        PresenceState presence = PresenceState.JOINED;
        Stage stage = Stage.WAITING;
        se.samtal.protocol.MediaState media = se.samtal.protocol.MediaState.DEFAULT;

        Person(String id, Role role) {
            this.id = id;
            this.role = role;
        }

        boolean present() {
            return stage != Stage.LEFT;
        }
    }

    private static final class Fold {
        private final Booking booking;
        private final Instant now;
        private final Map<String, Person> people = new LinkedHashMap<>();
        private Instant startedAt;
        private Instant togetherUntil;
        private String mode; // video, audio, text while together; null otherwise
        private Instant modeSince;
        private long videoMillis;
        private long audioMillis;
        private Instant endedAt;
        private String endReason;
        private int chatMessages;
        private Instant firstChat;
        private Instant lastChat;
        private final Set<Role> chatSides = new HashSet<>();
        private boolean recordingRequested;
        private boolean recorded;
        private String recordingEnd;

        Fold(Booking booking, Instant now) {
            this.booking = booking;
            this.now = now;
        }

        VisitRecord run(List<VisitEvent> events, Duration joinLate) {
            var ordered = new ArrayList<>(events);
            ordered.sort(Comparator.comparing(VisitEvent::at)); // stable: equal times keep the log's order
            for (VisitEvent event : ordered) {
                if (endedAt != null && !(event instanceof VisitEvent.Ended)) {
                    continue; // nothing happens in a session after its end
                }
                apply(event);
            }
            Instant until = endedAt != null ? endedAt : now;
            closeSpell(until);
            for (Person p : people.values()) {
                if (p.inCallSince != null) {
                    p.inCallMillis += millis(p.inCallSince, until);
                }
                if (endedAt != null && p.present() && p.leftAt == null) {
                    p.leftAt = endedAt;
                    p.leftReason = "session_ended";
                }
            }
            return record(joinLate);
        }

        private void apply(VisitEvent event) {
            switch (event) {
                case VisitEvent.Arrived a -> {
                    Person p = person(a.participantId(), a.role());
                    p.ref = a.ref();
                    p.name = a.name();
                    if (p.joinedAt == null) {
                        p.joinedAt = a.at();
                    }
                    p.leftAt = null;
                    p.leftReason = null;
                }
                case VisitEvent.Changed c -> changed(c);
                case VisitEvent.Admitted a -> {
                    Person p = person(a.participantId(), null);
                    if (p.waitedMillis == null) {
                        p.waitedMillis = a.waitedMillis();
                        p.admittedAt = a.at();
                        p.admittedBy = a.by();
                    }
                }
                case VisitEvent.Left l -> {
                    Person p = person(l.participantId(), null);
                    p.leftAt = l.at();
                    p.leftReason = l.reason();
                }
                case VisitEvent.Recording r -> {
                    if ("requested".equals(r.reason())) {
                        recordingRequested = true;
                    }
                    if ("recording".equals(r.recorder())) {
                        recorded = true;
                    }
                    if (r.reason() != null && Set.of("refused", "withdrawn", "recorder_failed").contains(r.reason())) {
                        recordingEnd = r.reason().equals("recorder_failed") ? "failed" : r.reason();
                    }
                }
                case VisitEvent.ChatMessage m -> {
                    chatMessages++;
                    chatSides.add(PATIENT_SIDE.contains(m.role()) ? Role.PATIENT : m.role());
                    if (firstChat == null) {
                        firstChat = m.at();
                    }
                    lastChat = m.at();
                }
                case VisitEvent.Ended e -> {
                    if (endedAt == null) {
                        endedAt = e.at();
                        endReason = e.reason();
                    }
                }
            }
        }

        private void changed(VisitEvent.Changed c) {
            Person p = person(c.participantId(), c.role());
            if (p.joinedAt == null) {
                p.joinedAt = c.at(); // its arrival was logged by another node, later
            }
            if (p.presence == PresenceState.RECONNECTING && c.presence().isConnected()) {
                p.reconnects++;
            }
            if (c.stage() == Stage.IN_CALL && p.inCallSince == null) {
                p.inCallSince = c.at();
            } else if (c.stage() != Stage.IN_CALL && p.inCallSince != null) {
                p.inCallMillis += millis(p.inCallSince, c.at());
                p.inCallSince = null;
            }
            if (c.stage() == Stage.ADMITTED || c.stage() == Stage.IN_CALL) {
                p.tookPart = true;
            }
            if (c.stage() == Stage.LEFT && p.leftAt == null) {
                p.leftAt = c.at();
            } else if (c.stage() != Stage.LEFT) {
                p.leftAt = null;
                p.leftReason = null;
            }
            p.presence = c.presence();
            p.stage = c.stage();
            p.media = c.media();
            spell(c.at());
        }

        private Person person(String id, Role role) {
            Person p = people.computeIfAbsent(id, k -> new Person(k, role));
            if (p.role == null && role != null) {
                p.role = role;
            }
            return p;
        }

        /** The mode of the visit now (null: not together), and the spells it makes. */
        private void spell(Instant at) {
            String current = currentMode();
            if (java.util.Objects.equals(current, mode)) {
                return;
            }
            closeSpell(at);
            if (current != null && startedAt == null) {
                startedAt = at;
            }
            if (current == null && mode != null) {
                togetherUntil = at;
            }
            mode = current;
            modeSince = at;
        }

        private void closeSpell(Instant at) {
            if (mode == null) {
                return;
            }
            long spell = millis(modeSince, at);
            switch (mode) {
                case "video" -> videoMillis += spell;
                case "audio" -> audioMillis += spell;
                default -> {
                }
            }
            modeSince = at;
        }

        private String currentMode() {
            if (booking.kind() == SessionKind.CHAT) {
                long in = people.values().stream().filter(p -> p.stage == Stage.ADMITTED || p.stage == Stage.IN_CALL).count();
                return in >= 2 ? "text" : null;
            }
            var inCall = people.values().stream().filter(p -> p.stage == Stage.IN_CALL).toList();
            if (inCall.size() < 2) {
                return null;
            }
            boolean soundOnly = inCall.stream().anyMatch(p -> p.media.audioOnly());
            boolean camera = inCall.stream().anyMatch(p -> p.media.camera());
            return camera && !soundOnly ? "video" : "audio";
        }

        private VisitRecord record(Duration joinLate) {
            Instant start = startedAt;
            Instant end;
            if (start != null) {
                end = mode != null ? endedAt : togetherUntil; // together at the end: the session's end; ongoing: null
            } else if (booking.kind() != SessionKind.CHAT && chatSides.contains(Role.PATIENT) && chatSides.contains(Role.THERAPIST)) {
                start = firstChat; // held in the session's chat alone
                end = lastChat;
            } else {
                end = null;
            }
            String contactType = contactType(start);
            SessionStatus status = booking.status();
            Instant sessionEnded = endedAt != null ? endedAt : booking.endedAt();
            boolean finalStatus = status == SessionStatus.ENDED || status == SessionStatus.CANCELLED;
            boolean anyonePresent = people.values().stream().anyMatch(Person::present) && endedAt == null;
            boolean over = finalStatus || !now.isBefore(booking.scheduledEnd().plus(joinLate));
            boolean patientCame = people.values().stream().anyMatch(p -> p.role == Role.PATIENT && p.joinedAt != null);
            String outcome;
            if (start != null) {
                outcome = VisitRecord.COMPLETED;
            } else if (status == SessionStatus.CANCELLED) {
                outcome = VisitRecord.CANCELLED;
            } else if (!over) {
                outcome = VisitRecord.PENDING;
            } else if (!patientCame) {
                outcome = VisitRecord.NO_SHOW;
            } else {
                outcome = VisitRecord.NOT_HELD;
            }
            var participants = new ArrayList<VisitRecord.Participant>();
            var arrivedRefs = new HashSet<String>();
            var sorted = new ArrayList<>(people.values());
            sorted.sort(Comparator.comparing((Person p) -> p.joinedAt == null ? Instant.MAX : p.joinedAt));
            for (Person p : sorted) {
                if (p.ref != null) {
                    arrivedRefs.add(p.ref);
                }
                long late = p.joinedAt == null ? 0 : Math.max(0, Duration.between(booking.scheduledStart(), p.joinedAt).toSeconds());
                Person host = p.admittedBy == null ? null : people.get(p.admittedBy);
                participants.add(new VisitRecord.Participant(p.id, p.ref, p.role, p.name, p.joinedAt, p.leftAt, p.leftReason,
                        late, late > LATE_AFTER.toSeconds(), p.waitedMillis == null ? null : p.waitedMillis / 1000,
                        p.admittedAt, host == null ? null : new VisitRecord.AdmittedBy(host.id, host.role), p.reconnects,
                        p.inCallMillis / 1000, p.tookPart || (p.role != null && p.role.isHost() && p.joinedAt != null)));
            }
            var absent = new ArrayList<VisitRecord.Absent>();
            for (ExpectedParticipant expected : booking.participants()) {
                if (!arrivedRefs.contains(expected.ref())) {
                    absent.add(new VisitRecord.Absent(expected.ref(), expected.role(), expected.name()));
                }
            }
            boolean patientLate = participants.stream().anyMatch(p -> p.role() == Role.PATIENT && p.late());
            boolean interpreter = participants.stream().anyMatch(p -> p.role() == Role.INTERPRETER && p.tookPart());
            String recordingOutcome = recorded ? "recorded" : recordingEnd != null ? recordingEnd
                    : recordingRequested ? "not_started" : "not_requested";
            Long duration = start != null && end != null ? Duration.between(start, end).toSeconds() : null;
            return new VisitRecord(booking.tenantId(), booking.id(), booking.externalRef(), booking.kind(), status,
                    booking.scheduledStart(), booking.scheduledEnd(), start, end, sessionEnded,
                    endReason != null ? endReason : booking.endReason(), duration, contactType,
                    new VisitRecord.Contact(videoMillis / 1000, audioMillis / 1000, chatMessages), outcome,
                    VisitRecord.NO_SHOW.equals(outcome), patientLate, interpreter,
                    new VisitRecord.Recording(recordingRequested || recorded, recordingOutcome), List.copyOf(participants),
                    List.copyOf(absent), over && !anyonePresent);
        }

        private String contactType(Instant start) {
            if (start == null) {
                return null;
            }
            if (booking.kind() == SessionKind.CHAT || (videoMillis == 0 && audioMillis == 0)) {
                return "text";
            }
            long counts = MODE_COUNTS.toMillis();
            boolean video = videoMillis >= counts;
            boolean audio = audioMillis >= counts;
            if (video && audio) {
                return "mixed";
            }
            if (video || audio) {
                return video ? "video" : "audio";
            }
            return videoMillis >= audioMillis ? "video" : "audio";
        }

        private static long millis(Instant from, Instant to) {
            return Math.max(0, Duration.between(from, to).toMillis());
        }
    }
}
