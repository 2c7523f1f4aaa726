package se.samtal.server.booking;

import se.samtal.protocol.DisplayText;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionStatus;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.tenant.Tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.ExpectedParticipant;

/**
 * Booking, reading and ending sessions, with every rule about what a booking may contain.
 * Blocks on the store: call it off the event loop.
 */
public final class BookingService {
    public static final int MAX_TITLE_LENGTH = 200;
    public static final int MAX_PARTICIPANTS = 100;
    public static final Duration MAX_DURATION = Duration.ofHours(12);
    public static final Duration MAX_PAST_START = Duration.ofHours(24);
    public static final Duration MAX_FUTURE_START = Duration.ofDays(400);
    public static final Duration MAX_LIST_WINDOW = Duration.ofDays(92);

    private static final Pattern EXTERNAL_REF = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

    private final BookingStore store;
    private final Clock clock;

    public BookingService(BookingStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Booking create(Tenant tenant, NewBooking request) {
        Instant now = now();
        validate(request, now);
        var booking = new Booking(tenant.id(), OpaqueIds.next("s_"), request.kind(), blankToNull(request.title()),
                SessionStatus.SCHEDULED, request.scheduledStart().truncatedTo(ChronoUnit.MILLIS),
                request.scheduledEnd().truncatedTo(ChronoUnit.MILLIS), request.externalRef(),
                request.participants() == null ? List.of() : request.participants(), now, null, null);
        if (!store.insertWithin(booking, tenant.policy().maxScheduledSessions(), now)) {
            throw new SamtalException(ErrorCode.TENANT_LIMIT_REACHED,
                    "The tenant has " + tenant.policy().maxScheduledSessions() + " upcoming sessions, its maximum.");
        }
        return booking;
    }

    public Booking get(Tenant tenant, String id) {
        return find(tenant, id).orElseThrow(() -> new SamtalException(ErrorCode.NOT_FOUND, "No such session."));
    }

    public Optional<Booking> find(Tenant tenant, String id) {
        if (!OpaqueIds.isPlausible(id)) {
            return Optional.empty();
        }
        return store.find(tenant.id(), id);
    }

    public List<Booking> list(Tenant tenant, Instant from, Instant to, int limit, BookingStore.Cursor after) {
        if (from == null || to == null) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'from' and 'to' are required (ISO-8601 instants).");
        }
        if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_LIST_WINDOW) > 0) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'to' must be after 'from', at most 92 days later.");
        }
        return store.list(tenant.id(), from, to, limit, after);
    }

    /** The outcome of a cancel: the booking, and whether this call is the one that cancelled it. */
    public record Cancellation(Booking booking, boolean changed) {
    }

    /** Cancels a session that has not ended. Cancelling a cancelled session changes nothing and succeeds. */
    public Cancellation cancel(Tenant tenant, String id) {
        if (!OpaqueIds.isPlausible(id)) {
            throw new SamtalException(ErrorCode.NOT_FOUND, "No such session.");
        }
        var cancelled = store.transition(tenant.id(), id, Set.of(SessionStatus.SCHEDULED, SessionStatus.OPEN, SessionStatus.IN_PROGRESS),
                SessionStatus.CANCELLED, now(), "cancelled");
        if (cancelled.isPresent()) {
            return new Cancellation(cancelled.get(), true);
        }
        Booking current = get(tenant, id);
        if (current.status() == SessionStatus.CANCELLED) {
            return new Cancellation(current, false);
        }
        throw new SamtalException(ErrorCode.CONFLICT, "The session has already ended.");
    }

    /**
     * Ends a session that is scheduled or open.
     *
     * @return the ended booking, or empty if it was already over (nothing changes then)
     */
    public Optional<Booking> end(String tenantId, String id, String reason) {
        return store.transition(tenantId, id, Set.of(SessionStatus.SCHEDULED, SessionStatus.OPEN, SessionStatus.IN_PROGRESS),
                SessionStatus.ENDED, now(), reason);
    }

    /** The store keeps milliseconds; so does everything it is compared with. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void validate(NewBooking r, Instant now) {
        if (r.kind() == null) {
            throw bad("'kind' is required: video, audio or chat.");
        }
        if (r.title() != null && (r.title().length() > MAX_TITLE_LENGTH || !DisplayText.isAcceptable(r.title()))) {
            throw bad(DisplayText.rule("title", MAX_TITLE_LENGTH));
        }
        if (r.scheduledStart() == null || r.scheduledEnd() == null) {
            throw bad("'scheduledStart' and 'scheduledEnd' are required (ISO-8601 instants, e.g. 2026-11-23T09:00:00Z).");
        }
        if (!r.scheduledEnd().isAfter(r.scheduledStart())) {
            throw bad("'scheduledEnd' must be after 'scheduledStart'.");
        }
        if (Duration.between(r.scheduledStart(), r.scheduledEnd()).compareTo(MAX_DURATION) > 0) {
            throw bad("A session can be at most 12 hours long.");
        }
        if (r.scheduledStart().isBefore(now.minus(MAX_PAST_START)) || r.scheduledStart().isAfter(now.plus(MAX_FUTURE_START))) {
            throw bad("'scheduledStart' must be within the last 24 hours or the next 400 days.");
        }
        if (r.externalRef() != null && !EXTERNAL_REF.matcher(r.externalRef()).matches()) {
            throw bad("'externalRef' must be 1–128 characters of A–Z, a–z, 0–9 and . _ : / -");
        }
        var participants = r.participants() == null ? List.<ExpectedParticipant>of() : r.participants();
        if (participants.size() > MAX_PARTICIPANTS) {
            throw bad("At most " + MAX_PARTICIPANTS + " expected participants.");
        }
        var refs = new HashSet<String>();
        for (int i = 0; i < participants.size(); i++) {
            var p = participants.get(i);
            String at = "participants[" + i + "]";
            if (p == null || p.ref() == null || p.ref().isBlank() || p.ref().length() > 128 || hasControl(p.ref())) {
                throw bad("'" + at + ".ref' is required: 1–128 characters, the platform's opaque person reference.");
            }
            if (!refs.add(p.ref())) {
                throw bad("'" + at + ".ref' appears twice.");
            }
            if (p.role() == null) {
                throw bad("'" + at + ".role' is required: therapist, patient, guardian, relative, interpreter, guest, observer or bot.");
            }
            if (p.name() != null && (p.name().length() > 100 || !DisplayText.isAcceptable(p.name()))) {
                throw bad(DisplayText.rule(at + ".name", 100));
            }
        }
    }

    private static SamtalException bad(String message) {
        return new SamtalException(ErrorCode.BAD_REQUEST, message);
    }

    static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
