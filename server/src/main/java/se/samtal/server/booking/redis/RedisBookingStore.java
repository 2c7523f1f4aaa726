package se.samtal.server.booking.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import se.samtal.protocol.SessionStatus;
import se.samtal.protocol.WireCodec;
import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisScript;
import se.samtal.signalling.visit.Booking;
import se.samtal.server.booking.BookingStore;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bookings in Redis (cluster mode). A booking is a hash: {@code data} (the booking as JSON, as
 * booked) and its changing fields {@code status}, {@code endedAt}, {@code endReason}. Two indexes
 * per tenant: by start (for listing) and the sessions not yet over by end (for the limit on
 * upcoming sessions). Bookings are kept, like the embedded store keeps them.
 */
public final class RedisBookingStore implements BookingStore {
    private static final RedisScript INSERT = RedisScript.load(RedisBookingStore.class, "insert.lua");
    private static final RedisScript TRANSITION = RedisScript.load(RedisBookingStore.class, "transition.lua");
    private static final RedisScript LIST = RedisScript.load(RedisBookingStore.class, "list.lua");

    private final Redis redis;
    private final KeySpace keys;
    private final ObjectMapper json = WireCodec.newMapper();

    public RedisBookingStore(Redis redis, KeySpace keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public boolean insertWithin(Booking booking, int maxUpcoming, Instant now) {
        String t = keys.tenant(booking.tenantId());
        Object stored = INSERT.run(redis.commands(), List.of(t + "bk:upcoming"), List.of(t, booking.id(),
                String.valueOf(maxUpcoming), String.valueOf(now.toEpochMilli()),
                String.valueOf(booking.scheduledStart().toEpochMilli()), String.valueOf(booking.scheduledEnd().toEpochMilli()),
                write(booking)));
        return Long.valueOf(1).equals(stored);
    }

    @Override
    public Optional<Booking> find(String tenantId, String id) {
        Map<String, String> hash = redis.commands().hgetAll(keys.tenant(tenantId) + "bk:" + id);
        return hash.isEmpty() ? Optional.empty() : Optional.of(read(hash, tenantId));
    }

    @Override
    public List<Booking> list(String tenantId, Instant from, Instant to, int limit, Cursor after) {
        String t = keys.tenant(tenantId);
        Object found = LIST.run(redis.commands(), List.of(t + "bk:bystart"), List.of(t, String.valueOf(from.toEpochMilli()),
                String.valueOf(to.toEpochMilli()), String.valueOf(limit),
                after == null ? "" : String.valueOf(after.scheduledStart().toEpochMilli()), after == null ? "" : after.id()));
        var bookings = new ArrayList<Booking>();
        for (Object flat : (List<?>) found) {
            bookings.add(read(flat((List<?>) flat), tenantId));
        }
        return bookings;
    }

    @Override
    public Optional<Booking> transition(String tenantId, String id, Set<SessionStatus> from, SessionStatus to, Instant at,
                                        String reason) {
        String t = keys.tenant(tenantId);
        var args = new ArrayList<>(List.of(t, id, to.wire(), at.toString(), reason == null ? "" : reason, to.isFinal() ? "1" : "0"));
        from.forEach(s -> args.add(s.wire()));
        Object after = TRANSITION.run(redis.commands(), List.of(t + "bk:upcoming"), args);
        return after == null ? Optional.empty() : Optional.of(read(flat((List<?>) after), tenantId));
    }

    @Override
    public boolean isHealthy() {
        return redis.ping();
    }

    private String write(Booking booking) {
        try {
            return json.writeValueAsString(booking);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param tenantId the tenant whose keys it was read from: the booking keeps the caller's string, not a copy per read */
    private Booking read(Map<String, String> hash, String tenantId) {
        Booking booked;
        try {
            booked = json.readValue(hash.get("data"), Booking.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        var status = SessionStatus.fromWire(hash.get("status"));
        String endedAt = hash.get("endedAt");
        String reason = hash.get("endReason");
        return new Booking(tenantId, booked.id(), booked.kind(), booked.title(), status, booked.scheduledStart(),
                booked.scheduledEnd(), booked.externalRef(), booked.participants(), booked.createdAt(),
                endedAt == null ? null : Instant.parse(endedAt), reason == null || reason.isEmpty() ? null : reason);
    }

    private static Map<String, String> flat(List<?> pairs) {
        var map = new HashMap<String, String>();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            map.put(String.valueOf(pairs.get(i)), String.valueOf(pairs.get(i + 1)));
        }
        return map;
    }
}
