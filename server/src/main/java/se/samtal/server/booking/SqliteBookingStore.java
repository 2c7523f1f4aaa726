package se.samtal.server.booking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import se.samtal.protocol.SessionKind;
import se.samtal.protocol.SessionStatus;
import se.samtal.protocol.WireCodec;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.ExpectedParticipant;
import se.samtal.sqlite.SqliteDatabase;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Bookings in the embedded SQLite store ({@code sessions.db} in the data directory). */
public final class SqliteBookingStore implements BookingStore {
    static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE sessions (
              tenant_id       TEXT    NOT NULL,
              id              TEXT    NOT NULL,
              kind            TEXT    NOT NULL,
              title           TEXT,
              status          TEXT    NOT NULL,
              scheduled_start INTEGER NOT NULL,
              scheduled_end   INTEGER NOT NULL,
              external_ref    TEXT,
              participants    TEXT    NOT NULL,
              created_at      INTEGER NOT NULL,
              ended_at        INTEGER,
              end_reason      TEXT,
              PRIMARY KEY (tenant_id, id)
            ) WITHOUT ROWID;
            CREATE INDEX sessions_by_start ON sessions (tenant_id, scheduled_start, id);
            CREATE INDEX sessions_upcoming ON sessions (tenant_id, status, scheduled_end)
            """);

    private static final String COLUMNS = "tenant_id, id, kind, title, status, scheduled_start, scheduled_end, "
            + "external_ref, participants, created_at, ended_at, end_reason";
    private static final TypeReference<List<ExpectedParticipant>> PARTICIPANTS = new TypeReference<>() {
    };

    private final SqliteDatabase db;
    private final ObjectMapper json = WireCodec.newMapper();

    public SqliteBookingStore(SqliteDatabase db) {
        this.db = db;
    }

    public static List<String> migrations() {
        return MIGRATIONS;
    }

    @Override
    public boolean insertWithin(Booking b, int maxUpcoming, Instant now) {
        return db.write(c -> {
            if (countUpcoming(c, b.tenantId(), now) >= maxUpcoming) {
                return false;
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO sessions (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                st.setString(1, b.tenantId());
                st.setString(2, b.id());
                st.setString(3, b.kind().wire());
                st.setString(4, b.title());
                st.setString(5, b.status().wire());
                st.setLong(6, b.scheduledStart().toEpochMilli());
                st.setLong(7, b.scheduledEnd().toEpochMilli());
                st.setString(8, b.externalRef());
                st.setString(9, writeParticipants(b.participants()));
                st.setLong(10, b.createdAt().toEpochMilli());
                setInstant(st, 11, b.endedAt());
                st.setString(12, b.endReason());
                st.executeUpdate();
                return true;
            }
        });
    }

    @Override
    public Optional<Booking> find(String tenantId, String id) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM sessions WHERE tenant_id = ? AND id = ?")) {
                st.setString(1, tenantId);
                st.setString(2, id);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs, tenantId)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Booking> list(String tenantId, Instant from, Instant to, int limit, Cursor after) {
        return db.read(c -> {
            String sql = "SELECT " + COLUMNS + " FROM sessions WHERE tenant_id = ? AND scheduled_start >= ? AND scheduled_start < ?"
                    + (after != null ? " AND (scheduled_start > ? OR (scheduled_start = ? AND id > ?))" : "")
                    + " ORDER BY scheduled_start, id LIMIT ?";
            try (PreparedStatement st = c.prepareStatement(sql)) {
                int i = 1;
                st.setString(i++, tenantId);
                st.setLong(i++, from.toEpochMilli());
                st.setLong(i++, to.toEpochMilli());
                if (after != null) {
                    st.setLong(i++, after.scheduledStart().toEpochMilli());
                    st.setLong(i++, after.scheduledStart().toEpochMilli());
                    st.setString(i++, after.id());
                }
                st.setInt(i, limit);
                var result = new ArrayList<Booking>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        result.add(read(rs, tenantId));
                    }
                }
                return result;
            }
        });
    }

    @Override
    public Optional<Booking> transition(String tenantId, String id, Set<SessionStatus> from, SessionStatus to,
                                        Instant at, String reason) {
        return db.write(c -> {
            Optional<Booking> current;
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM sessions WHERE tenant_id = ? AND id = ?")) {
                st.setString(1, tenantId);
                st.setString(2, id);
                try (ResultSet rs = st.executeQuery()) {
                    current = rs.next() ? Optional.of(read(rs, tenantId)) : Optional.empty();
                }
            }
            if (current.isEmpty() || !from.contains(current.get().status())) {
                return Optional.<Booking>empty();
            }
            Booking updated = current.get().withStatus(to, at, reason);
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE sessions SET status = ?, ended_at = ?, end_reason = ? WHERE tenant_id = ? AND id = ?")) {
                st.setString(1, to.wire());
                setInstant(st, 2, updated.endedAt());
                st.setString(3, updated.endReason());
                st.setString(4, tenantId);
                st.setString(5, id);
                st.executeUpdate();
            }
            return Optional.of(updated);
        });
    }

    private static int countUpcoming(Connection c, String tenantId, Instant now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT count(*) FROM sessions WHERE tenant_id = ? AND status IN ('scheduled', 'open', 'in_progress') AND scheduled_end > ?")) {
            st.setString(1, tenantId);
            st.setLong(2, now.toEpochMilli());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    @Override
    public boolean isHealthy() {
        return db.isHealthy();
    }

    /**
     * @param tenantId the tenant the query asked for (its {@code WHERE tenant_id = ?} matched it
     *                 exactly): the booking keeps the caller's string, normally the tenant
     *                 configuration's, instead of a copy per booking read (a live session holds its
     *                 booking for its whole life)
     */
    private Booking read(ResultSet rs, String tenantId) throws SQLException {
        long ended = rs.getLong("ended_at");
        boolean hasEnded = !rs.wasNull();
        return new Booking(
                tenantId,
                rs.getString("id"),
                SessionKind.fromWire(rs.getString("kind")),
                rs.getString("title"),
                SessionStatus.fromWire(rs.getString("status")),
                Instant.ofEpochMilli(rs.getLong("scheduled_start")),
                Instant.ofEpochMilli(rs.getLong("scheduled_end")),
                rs.getString("external_ref"),
                readParticipants(rs.getString("participants")),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                hasEnded ? Instant.ofEpochMilli(ended) : null,
                rs.getString("end_reason"));
    }

    private String writeParticipants(List<ExpectedParticipant> participants) {
        try {
            return json.writeValueAsString(participants);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<ExpectedParticipant> readParticipants(String text) {
        try {
            return json.readValue(text, PARTICIPANTS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void setInstant(PreparedStatement st, int index, Instant value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.INTEGER);
        } else {
            st.setLong(index, value.toEpochMilli());
        }
    }
}
