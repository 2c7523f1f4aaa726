package se.samtal.server.record;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.server.report.ChatActivityLog;
import se.samtal.server.report.SqliteChatActivityLog;
import se.samtal.sqlite.SqliteDatabase;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The follow-up logs' contract against the embedded database, and that it survives reopening the file. */
class SqliteFollowUpLogsTest extends FollowUpLogsContract {
    @TempDir
    Path dir;
    private SqliteDatabase db;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("records.db"), RecordsSchema.MIGRATIONS, 2);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected VisitLog visits() {
        return new SqliteVisitLog(db);
    }

    @Override
    protected ChatActivityLog chat() {
        return new SqliteChatActivityLog(db);
    }

    @Test
    void survivesReopeningTheFile() {
        visits().append(List.of(new VisitLog.Entry("a", "s_1", T0, new VisitEvent.Ended(T0, "cancelled"))));
        db.close();
        db = SqliteDatabase.open(dir.resolve("records.db"), RecordsSchema.MIGRATIONS, 2);
        assertThat(visits().events("a", "s_1")).containsExactly(new VisitEvent.Ended(T0, "cancelled"));
    }
}
