package se.samtal.server.record.redis;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.samtal.protocol.Role;
import se.samtal.redis.KeySpace;
import se.samtal.redis.testing.RedisExtension;
import se.samtal.server.record.FollowUpLogsContract;
import se.samtal.server.record.VisitEvent;
import se.samtal.server.record.VisitLog;
import se.samtal.server.report.ChatActivity;
import se.samtal.server.report.ChatActivityLog;
import se.samtal.server.report.redis.RedisChatActivityLog;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The follow-up logs' contract against Redis, on a test-started redis-server; each test has keys of its own. */
class RedisFollowUpLogsIT extends FollowUpLogsContract {
    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();
    private KeySpace keys;

    @BeforeEach
    void freshKeys() {
        keys = new KeySpace("test-" + UUID.randomUUID());
    }

    @Override
    protected VisitLog visits() {
        return new RedisVisitLog(REDIS.client(), keys);
    }

    @Override
    protected ChatActivityLog chat() {
        return new RedisChatActivityLog(REDIS.client(), keys);
    }

    @Test
    void keyNamesHoldIdsOnly() {
        visits().append(List.of(new VisitLog.Entry("a", "s_1", T0, new VisitEvent.Arrived(T0, "p_1", Role.PATIENT, "patient-1", "Pim"))));
        chat().append(List.of(new ChatActivity("a", "cv_1", ChatActivity.What.MESSAGE, 1, Role.PATIENT, T0, null, null)));
        assertThat(REDIS.client().commands().keys(keys.prefix() + "*")).isNotEmpty()
                .allSatisfy(key -> assertThat(key).doesNotContain("patient-1").doesNotContain("Pim"));
    }
}
