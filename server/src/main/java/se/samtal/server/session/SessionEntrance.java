package se.samtal.server.session;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.server.auth.JoinGrant;
import se.samtal.server.auth.ReplayCache;
import se.samtal.server.auth.TokenMinter;
import se.samtal.server.booking.BookingStore;
import se.samtal.server.gateway.Connection;
import se.samtal.server.gateway.Seat;
import se.samtal.server.gateway.SessionDoor;
import se.samtal.server.tenant.Tenant;
import se.samtal.server.tenant.Tenants;
import se.samtal.signalling.live.LiveSession;
import se.samtal.signalling.live.LiveSessions;
import se.samtal.signalling.live.Resume;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.Principal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Lets a verified token holder into their live session on a connection opened with the session's
 * link or resume token: the booking must exist and be joinable now by the tenant's rules, and a
 * single-use token is spent only when everything else passed. Then the session itself decides
 * (full, turned away, over) and the connection's {@link Seat} is taken right before the welcome.
 */
public final class SessionEntrance implements SessionDoor {
    private final LiveSessions sessions;
    private final SessionWire wire;
    private final Tenants tenants;
    private final BookingStore bookings;
    private final ReplayCache replayCache;
    private final TokenMinter minter;
    private final Clock clock;
    private final Duration clockSkew;

    public SessionEntrance(LiveSessions sessions, SessionWire wire, Tenants tenants, BookingStore bookings, ReplayCache replayCache,
                           TokenMinter minter, Clock clock, Duration clockSkew) {
        this.sessions = sessions;
        this.wire = wire;
        this.tenants = tenants;
        this.bookings = bookings;
        this.replayCache = replayCache;
        this.minter = minter;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    @Override
    public Seat enter(JoinGrant grant, Connection connection, String requestId, Long lastSeq, Consumer<Seat> bind) {
        Principal principal = grant.principal();
        Tenant tenant = tenants.byId(principal.tenantId()).orElseThrow(() -> new SamtalException(ErrorCode.TOKEN_UNKNOWN_ISSUER));
        Booking booking = bookings.find(tenant.id(), grant.sessionId())
                .orElseThrow(() -> new SamtalException(ErrorCode.SESSION_NOT_FOUND));
        checkJoinable(tenant, booking, grant.isResume());
        if (grant.singleUse() && !replayCache.firstUse(tenant.id(), grant.jti(), grant.expiresAt().plus(clockSkew))) {
            throw new SamtalException(ErrorCode.TOKEN_REPLAYED);
        }
        var resume = grant.resume() == null ? null
                : new Resume(grant.resume().participantId(), grant.resume().streamId());
        // One seat for the place, whichever comes first: the bind before the welcome, or the join's return.
        var seat = new AtomicReference<Seat>();
        Consumer<LiveSession> take = place -> seat.compareAndSet(null, Seat.inSession(place, () -> refreshed(place)));
        LiveSession place = sessions.join(booking, principal, new ConnectionLink(connection, wire), requestId, resume, lastSeq,
                bound -> {
                    take.accept(bound);
                    bind.accept(seat.get());
                });
        take.accept(place);
        return seat.get();
    }

    private void checkJoinable(Tenant tenant, Booking booking, boolean resuming) {
        switch (booking.status()) {
            case CANCELLED -> throw new SamtalException(ErrorCode.SESSION_CANCELLED);
            case ENDED -> throw new SamtalException(ErrorCode.SESSION_ENDED);
            default -> {
            }
        }
        Instant now = clock.instant();
        var policy = tenant.policy();
        if (now.isBefore(booking.scheduledStart().minus(policy.joinEarly()))) {
            throw new SamtalException(ErrorCode.SESSION_NOT_OPEN_YET,
                    "The session opens " + policy.joinEarly().toMinutes() + " minutes before its scheduled start.");
        }
        if (!resuming && now.isAfter(booking.scheduledEnd().plus(policy.joinLate()))) {
            throw new SamtalException(ErrorCode.SESSION_ENDED, "The session's scheduled time has passed.");
        }
    }

    /** A fresh resume token, and TURN credentials, which live about as long: for the next ICE restart. */
    private List<ServerMessage> refreshed(LiveSession place) {
        var token = minter.resumeToken(place.principal(), place.sessionId(), place.participantId(), place.streamId());
        return List.of(new ServerMessage.ResumeToken(token.token()), new ServerMessage.IceServers(SessionWire.iceServers(place.iceServers())));
    }
}
