package se.samtal.sqlite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The writer's kept statements behave as freshly prepared ones would: parameters do not leak from
 * one use to the next, a statement that failed or whose results were left half read works again,
 * the least recently used goes when too many are kept, and closing the connection closes them.
 */
class StatementCacheTest {
    @TempDir
    Path dir;
    private Connection raw;
    private Connection cached;

    @BeforeEach
    void open() throws SQLException {
        raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
        try (var st = raw.createStatement()) {
            st.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
        }
        cached = StatementCache.wrap(raw);
    }

    @AfterEach
    void close() throws SQLException {
        cached.close();
    }

    private void insert(int id, String body) throws SQLException {
        try (var st = cached.prepareStatement("INSERT INTO notes (id, body) VALUES (?, ?)")) {
            st.setInt(1, id);
            if (body != null) {
                st.setString(2, body);
            }
            st.executeUpdate();
        }
    }

    private List<String> bodies() throws SQLException {
        var list = new ArrayList<String>();
        try (var st = cached.prepareStatement("SELECT body FROM notes ORDER BY id"); var rs = st.executeQuery()) {
            while (rs.next()) {
                list.add(rs.getString(1));
            }
        }
        return list;
    }

    @Test
    void theSameSqlIsPreparedOnceAndItsParametersDoNotCarryOver() throws SQLException {
        insert(1, "ett");
        insert(2, null);
        insert(3, "tre");
        assertThat(bodies()).containsExactly("ett", null, "tre");
        assertThat(bodies()).containsExactly("ett", null, "tre");
        assertThat(StatementCache.size(cached)).isEqualTo(2);
    }

    @Test
    void aStatementThatFailedWorksAgain() throws SQLException {
        insert(1, "ett");
        assertThatThrownBy(() -> insert(1, "igen")).isInstanceOf(SQLException.class);
        insert(2, "två");
        assertThat(bodies()).containsExactly("ett", "två");
    }

    @Test
    void resultsLeftHalfReadDoNotSpillIntoTheNextUse() throws SQLException {
        insert(1, "ett");
        insert(2, "två");
        var st = cached.prepareStatement("SELECT body FROM notes ORDER BY id");
        var rs = st.executeQuery();
        assertThat(rs.next()).isTrue();
        st.close(); // the result set is left open, half read
        assertThat(bodies()).containsExactly("ett", "två");
    }

    @Test
    void theLeastRecentlyUsedGoesWhenTooManyAreKept() throws SQLException {
        for (int i = 0; i < StatementCache.MAX_STATEMENTS + 10; i++) {
            try (var st = cached.prepareStatement("SELECT " + i + " FROM notes")) {
                st.executeQuery().close();
            }
        }
        assertThat(StatementCache.size(cached)).isEqualTo(StatementCache.MAX_STATEMENTS);
        insert(1, "ett");
        assertThat(bodies()).containsExactly("ett");
    }

    @Test
    void closingTheConnectionClosesEveryKeptStatement() throws SQLException {
        var st = cached.prepareStatement("SELECT body FROM notes");
        st.close();
        assertThat(st.isClosed()).as("a kept statement is only readied by close").isFalse();
        cached.close();
        assertThat(st.isClosed()).isTrue();
        assertThat(raw.isClosed()).isTrue();
    }
}
