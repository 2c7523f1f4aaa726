package se.samtal.server.report;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Medians and percentiles, windows and their periods, and the conversation report's rules, on fixed instants. */
class ReportFiguresTest {
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private static Figures of(long... values) {
        var f = new Figures();
        for (long v : values) {
            f.add(v);
        }
        return f;
    }

    @Test
    void theMedianIsTheMiddleOrTheMeanOfTheTwoMiddleAndP90IsByNearestRank() {
        assertThat(of(60, 180, 120).median()).isEqualTo(120L);
        assertThat(of(60, 120).median()).isEqualTo(90L);
        assertThat(of(60, 121).median()).isEqualTo(90.5);
        assertThat(of(60, 180, 120).p90()).isEqualTo(180L);
        assertThat(of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10).p90()).isEqualTo(9L);
        assertThat(of(7).p90()).isEqualTo(7L);
        assertThat(of().median()).isNull();
        assertThat(of().p90()).isNull();
    }

    @Test
    void windowsTakeInstantsOrDatesInTheProvidersZoneAndSplitIntoPeriods() {
        var w = ReportWindow.parse("2026-11-01", "2027-01-01", STOCKHOLM);
        assertThat(w.from()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
        assertThat(w.periods(ReportWindow.GroupBy.MONTH)).extracting(ReportWindow.Period::name).containsExactly("2026-11", "2026-12");
        var weeks = ReportWindow.parse("2026-11-25", "2026-12-08", STOCKHOLM).periods(ReportWindow.GroupBy.WEEK);
        assertThat(weeks).extracting(ReportWindow.Period::name).containsExactly("2026-W48", "2026-W49", "2026-W50");
        assertThat(weeks.getFirst().from()).as("clipped to the window").isEqualTo(Instant.parse("2026-11-24T23:00:00Z"));
        assertThat(ReportWindow.parse("2026-11-23T08:00:00Z", "2026-11-24T08:00:00Z", STOCKHOLM).periods(ReportWindow.GroupBy.DAY))
                .extracting(ReportWindow.Period::name).containsExactly("2026-11-23", "2026-11-24");

        assertThatThrownBy(() -> ReportWindow.parse("2026-01-01", "2027-01-03", STOCKHOLM))
                .isInstanceOfSatisfying(SamtalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> ReportWindow.parse("2026-11-02", "2026-11-01", STOCKHOLM)).isInstanceOf(SamtalException.class);
        assertThatThrownBy(() -> ReportWindow.parse("yesterday", "2026-11-01", STOCKHOLM)).isInstanceOf(SamtalException.class);
        assertThatThrownBy(() -> ReportWindow.parse(null, "2026-11-01", STOCKHOLM)).isInstanceOf(SamtalException.class);
        assertThatThrownBy(() -> ReportWindow.GroupBy.parse("year")).isInstanceOf(SamtalException.class);
    }

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    private static ChatActivity message(String cv, long seq, Role role, Duration after, Duration promise) {
        Instant at = T0.plus(after);
        return new ChatActivity("a", cv, ChatActivity.What.MESSAGE, seq, role, at, promise == null ? null : at.plus(promise), null);
    }

    private static ChatActivity closing(String cv, ChatActivity.What what, long seq, Duration after, String code) {
        return new ChatActivity("a", cv, what, seq, null, T0.plus(after), null, code);
    }

    @Test
    void repliesAreMeasuredFromTheFirstUnansweredQuestionAgainstItsPromise() {
        var two = Duration.ofHours(2);
        var activity = new ArrayList<>(List.of(
                message("cv_1", 1, Role.PATIENT, Duration.ZERO, two),
                message("cv_1", 2, Role.GUARDIAN, Duration.ofMinutes(10), two),       // the same question still waits
                message("cv_1", 3, Role.THERAPIST, Duration.ofMinutes(30), null),      // first reply: 30 min, within
                message("cv_1", 4, Role.THERAPIST, Duration.ofMinutes(31), null),      // nothing waited: no reply
                message("cv_1", 5, Role.PATIENT, Duration.ofHours(1), two),
                message("cv_1", 6, Role.INTERPRETER, Duration.ofHours(2), null),       // not the care team
                message("cv_1", 7, Role.THERAPIST, Duration.ofHours(4), null),         // 3 h: late
                closing("cv_1", ChatActivity.What.CLOSED, 7, Duration.ofHours(4), "self_care"),
                closing("cv_1", ChatActivity.What.CLOSED, 7, Duration.ofHours(5), "referred"), // closed again: the code changes
                closing("cv_1", ChatActivity.What.REOPENED, 7, Duration.ofHours(6), null),
                message("cv_1", 8, Role.PATIENT, Duration.ofHours(7), two),           // a new case, never answered, overdue
                message("cv_2", 1, Role.PATIENT, Duration.ofHours(30), two),          // asked after the window
                closing("cv_3", ChatActivity.What.CLOSED, 0, Duration.ofHours(1), null)));
        var window = new ReportWindow(T0, T0.plus(Duration.ofHours(24)), STOCKHOLM);
        var report = new ConversationReport(window, T0.plus(Duration.ofHours(40)), List.of("self_care", "referred", "no_action"))
                .add(activity);
        var v = report.figures();

        assertThat(v).extractingByKey("messages").hasToString("{total=8, byRole={patient=3, guardian=1, relative=0, interpreter=1, therapist=3}}");
        assertThat(v).extractingByKey("conversations").hasToString("{active=1}");
        assertThat(v.get("replies")).hasToString("{count=2, medianSeconds=6300, p90Seconds=10800, promised=3, withinPromise=1,"
                + " shareWithinPromise=0.3333, unanswered=1, overdue=1}");
        assertThat(v.get("firstReplies")).hasToString("{count=1, medianSeconds=1800, p90Seconds=1800, promised=2, withinPromise=1,"
                + " shareWithinPromise=0.5}");
        assertThat(v.get("closed")).hasToString("{total=2, byClosingCode={self_care=0, referred=1, no_action=0}, withoutCode=1}");
    }
}
