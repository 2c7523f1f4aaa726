package se.samtal.server.record;

import se.samtal.sqlite.SqliteDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Visit logs in the embedded follow-up database ({@code records.db}). */
public final class SqliteVisitLog implements VisitLog {
    private final SqliteDatabase db;

    public SqliteVisitLog(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        db.write(c -> {
            try (PreparedStatement event = c.prepareStatement(
                    "INSERT INTO visit_events (tenant_id, session_id, event) VALUES (?, ?, ?)");
                 PreparedStatement log = c.prepareStatement("""
                         INSERT INTO visit_logs (tenant_id, session_id, scheduled_start, last_at) VALUES (?, ?, ?, ?)
                         ON CONFLICT (tenant_id, session_id) DO UPDATE SET
                           last_at = max(last_at, excluded.last_at),
                           scheduled_start = coalesce(scheduled_start, excluded.scheduled_start)""")) {
                for (Entry e : entries) {
                    event.setString(1, e.tenantId());
                    event.setString(2, e.sessionId());
                    event.setString(3, VisitEventCodec.write(e.event()));
                    event.executeUpdate();
                    log.setString(1, e.tenantId());
                    log.setString(2, e.sessionId());
                    if (e.scheduledStart() == null) {
                        log.setNull(3, java.sql.Types.INTEGER);
                    } else {
                        log.setLong(3, e.scheduledStart().toEpochMilli());
                    }
                    log.setLong(4, e.event().at().toEpochMilli());
                    log.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<VisitEvent> events(String tenantId, String sessionId) {
        return db.read(c -> eventsOf(c, tenantId, sessionId));
    }

    private static List<VisitEvent> eventsOf(Connection c, String tenantId, String sessionId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT event FROM visit_events WHERE tenant_id = ? AND session_id = ? ORDER BY id")) {
            st.setString(1, tenantId);
            st.setString(2, sessionId);
            var list = new ArrayList<VisitEvent>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    list.add(VisitEventCodec.read(rs.getString(1)));
                }
            }
            return list;
        }
    }

    @Override
    public Map<String, List<VisitEvent>> byScheduledStart(String tenantId, Instant from, Instant to) {
        return db.read(c -> {
            var result = new LinkedHashMap<String, List<VisitEvent>>();
            try (PreparedStatement st = c.prepareStatement("""
                    SELECT e.session_id, e.event FROM visit_logs l JOIN visit_events e
                      ON e.tenant_id = l.tenant_id AND e.session_id = l.session_id
                    WHERE l.tenant_id = ? AND l.scheduled_start >= ? AND l.scheduled_start < ?
                    ORDER BY l.scheduled_start, l.session_id, e.id""")) {
                st.setString(1, tenantId);
                st.setLong(2, from.toEpochMilli());
                st.setLong(3, to.toEpochMilli());
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        result.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(VisitEventCodec.read(rs.getString(2)));
                    }
                }
            }
            return result;
        });
    }

    @Override
    public List<String> olderThan(String tenantId, Instant cutoff, int skip, int limit) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT session_id FROM visit_logs WHERE tenant_id = ? AND last_at < ?"
                    + " ORDER BY last_at, session_id LIMIT ? OFFSET ?")) {
                st.setString(1, tenantId);
                st.setLong(2, cutoff.toEpochMilli());
                st.setInt(3, limit);
                st.setInt(4, skip);
                var list = new ArrayList<String>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        list.add(rs.getString(1));
                    }
                }
                return list;
            }
        });
    }

    @Override
    public int delete(String tenantId, Collection<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return 0;
        }
        return db.write(c -> {
            int deleted = 0;
            try (PreparedStatement events = c.prepareStatement("DELETE FROM visit_events WHERE tenant_id = ? AND session_id = ?");
                 PreparedStatement log = c.prepareStatement("DELETE FROM visit_logs WHERE tenant_id = ? AND session_id = ?")) {
                for (String id : sessionIds) {
                    events.setString(1, tenantId);
                    events.setString(2, id);
                    events.executeUpdate();
                    log.setString(1, tenantId);
                    log.setString(2, id);
                    deleted += log.executeUpdate();
                }
            }
            return deleted;
        });
    }

    @Override
    public boolean isHealthy() {
        return db.isHealthy();
    }
}
