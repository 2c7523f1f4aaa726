package se.samtal.server.record;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.MediaState;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.Stage;
import se.samtal.server.report.ChatActivity;
import se.samtal.server.report.ChatActivityLog;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link VisitLog} and {@link ChatActivityLog} must do: keep each session's events in
 * the order appended, every kind of event as it was; find logs by scheduled start and by age;
 * delete; keep tenants apart; keep a conversation's activity once, in time order, purge it by age
 * and delete a conversation's. The embedded stores ({@code SqliteFollowUpLogsTest}) and the Redis
 * stores ({@code RedisFollowUpLogsIT}) run it, each on fresh, empty stores per test.
 */
public abstract class FollowUpLogsContract {
    protected static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    protected abstract VisitLog visits();

    protected abstract ChatActivityLog chat();

    private static VisitLog.Entry entry(String tenant, String session, Instant start, VisitEvent event) {
        return new VisitLog.Entry(tenant, session, start, event);
    }

    @Test
    void everyKindOfEventComesBackAsItWasInTheOrderAppended() {
        var events = List.<VisitEvent>of(
                new VisitEvent.Changed(T0, "p_1", Role.PATIENT, PresenceState.JOINED, Stage.WAITING, MediaState.DEFAULT),
                new VisitEvent.Arrived(T0, "p_1", Role.PATIENT, "patient-1", "Pim"),
                new VisitEvent.Arrived(T0, "p_2", Role.THERAPIST, "t-1", null),
                new VisitEvent.Admitted(T0.plusSeconds(120), "p_1", 120_000, "p_2"),
                new VisitEvent.Admitted(T0.plusSeconds(121), "p_3", 0, null),
                new VisitEvent.Changed(T0.plusSeconds(130), "p_1", Role.PATIENT, PresenceState.RECONNECTING, Stage.IN_CALL,
                        new MediaState(false, false, true)),
                new VisitEvent.Recording(T0.plusSeconds(140), "awaiting_consent", "idle", "requested"),
                new VisitEvent.Recording(T0.plusSeconds(141), "off", "idle", null),
                new VisitEvent.ChatMessage(T0.plusSeconds(150), Role.THERAPIST),
                new VisitEvent.Left(T0.plusSeconds(160), "p_1", "disconnected"),
                new VisitEvent.Ended(T0.plusSeconds(170), "ended_by_host"));
        visits().append(events.subList(0, 4).stream().map(e -> entry("a", "s_1", T0, e)).toList());
        visits().append(events.subList(4, events.size()).stream().map(e -> entry("a", "s_1", null, e)).toList());

        assertThat(visits().events("a", "s_1")).containsExactlyElementsOf(events);
        assertThat(visits().events("a", "s_2")).isEmpty();
        assertThat(visits().events("b", "s_1")).as("tenants apart").isEmpty();
    }

    @Test
    void logsAreFoundByScheduledStartInAHalfOpenWindowAndByTheirNewestEvent() {
        visits().append(List.of(
                entry("a", "s_early", T0, new VisitEvent.Ended(T0.plusSeconds(10), "cancelled")),
                entry("a", "s_mid", T0.plusSeconds(3600), new VisitEvent.Left(T0.plusSeconds(3700), "p_1", "left")),
                entry("a", "s_late", T0.plusSeconds(7200), new VisitEvent.Left(T0.plusSeconds(7300), "p_1", "left")),
                entry("b", "s_other", T0, new VisitEvent.Left(T0, "p_1", "left"))));
        visits().append(List.of(entry("a", "s_early", null, new VisitEvent.ChatMessage(T0.plusSeconds(9000), Role.PATIENT))));

        var found = visits().byScheduledStart("a", T0, T0.plusSeconds(7200));
        assertThat(found.keySet()).containsExactlyInAnyOrder("s_early", "s_mid");
        assertThat(found.get("s_early")).hasSize(2);
        assertThat(visits().byScheduledStart("a", T0.plusSeconds(1), T0.plusSeconds(3600))).isEmpty();

        assertThat(visits().olderThan("a", T0.plusSeconds(7400), 0, 10)).as("oldest newest event first")
                .containsExactly("s_mid", "s_late");
        assertThat(visits().olderThan("a", T0.plusSeconds(9001), 1, 1)).containsExactly("s_late");
        assertThat(visits().olderThan("b", T0.plusSeconds(1), 0, 10)).containsExactly("s_other");
    }

    @Test
    void deletingALogRemovesItsEventsAndItsPlaceInTheIndexes() {
        visits().append(List.of(entry("a", "s_1", T0, new VisitEvent.Ended(T0, "cancelled")),
                entry("a", "s_2", T0, new VisitEvent.Ended(T0, "cancelled"))));
        assertThat(visits().delete("a", List.of("s_1", "s_none"))).isEqualTo(1);
        assertThat(visits().delete("b", List.of("s_2"))).as("not another tenant's").isZero();

        assertThat(visits().events("a", "s_1")).isEmpty();
        assertThat(visits().byScheduledStart("a", T0, T0.plusSeconds(1)).keySet()).containsExactly("s_2");
        assertThat(visits().olderThan("a", T0.plusSeconds(1), 0, 10)).containsExactly("s_2");
        assertThat(visits().isHealthy()).isTrue();
    }

    private static ChatActivity message(String tenant, String conversation, long seq, Role role, Instant at, Instant due) {
        return new ChatActivity(tenant, conversation, ChatActivity.What.MESSAGE, seq, role, at, due, null);
    }

    @Test
    void chatActivityIsKeptOnceInTimeOrderAndTenantsApart() {
        var question = message("a", "cv_1", 1, Role.PATIENT, T0, T0.plusSeconds(7200));
        var answer = message("a", "cv_1", 2, Role.THERAPIST, T0.plusSeconds(60), null);
        var closed = new ChatActivity("a", "cv_1", ChatActivity.What.CLOSED, 2, null, T0.plusSeconds(90), null, "self_care");
        var reopened = new ChatActivity("a", "cv_1", ChatActivity.What.REOPENED, 2, null, T0.plusSeconds(95), null, null);
        chat().append(List.of(answer, question, closed));
        chat().append(List.of(question, reopened, message("b", "cv_9", 1, Role.PATIENT, T0, null)));

        assertThat(chat().between("a", T0, T0.plusSeconds(100))).containsExactly(question, answer, closed, reopened);
        assertThat(chat().between("a", T0.plusSeconds(1), T0.plusSeconds(90))).containsExactly(answer);
        assertThat(chat().between("b", T0, T0.plusSeconds(100))).hasSize(1);
    }

    @Test
    void chatActivityIsPurgedByAgeAndDeletedWithItsConversation() {
        chat().append(List.of(message("a", "cv_1", 1, Role.PATIENT, T0, null),
                message("a", "cv_1", 2, Role.THERAPIST, T0.plusSeconds(10), null),
                message("a", "cv_2", 1, Role.PATIENT, T0.plusSeconds(20), null),
                message("a", "cv_2", 2, Role.PATIENT, T0.plusSeconds(30), null),
                message("b", "cv_3", 1, Role.PATIENT, T0, null)));

        assertThat(chat().purge("a", T0.plusSeconds(20), 1)).isEqualTo(1);
        assertThat(chat().purge("a", T0.plusSeconds(20), 10)).isEqualTo(1);
        assertThat(chat().between("a", T0, T0.plusSeconds(60))).extracting(ChatActivity::conversationId).containsExactly("cv_2", "cv_2");
        chat().deleteConversation("a", "cv_2");
        assertThat(chat().between("a", T0, T0.plusSeconds(60))).isEmpty();
        assertThat(chat().between("b", T0, T0.plusSeconds(60))).as("not another tenant's").hasSize(1);
    }
}
