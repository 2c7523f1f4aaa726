package se.samtal.signalling.feed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventLogTest {
    private static SessionFact.Numbered event(long seq) {
        return new SessionFact.Ended(seq, "r" + seq);
    }

    @Test
    void returnsExactlyTheEventsAfterTheLastSeenWhileTheyAreKept() {
        var log = new EventLog(3);
        for (long seq = 1; seq <= 5; seq++) {
            log.append(event(seq));
        }
        assertThat(log.after(5, 5)).isEmpty();
        assertThat(log.after(4, 5)).extracting(SessionFact.Numbered::seq).containsExactly(5L);
        assertThat(log.after(2, 5)).extracting(SessionFact.Numbered::seq).containsExactly(3L, 4L, 5L);
    }

    @Test
    void saysSoWhenEventsHaveBeenForgottenOrTheSequenceIsFromElsewhere() {
        var log = new EventLog(3);
        for (long seq = 1; seq <= 5; seq++) {
            log.append(event(seq));
        }
        assertThat(log.after(1, 5)).as("event 2 was forgotten").isNull();
        assertThat(log.after(9, 5)).as("ahead of the stream").isNull();
        assertThat(new EventLog(0).after(0, 1)).isNull();
    }

    @Test
    void aPrivateEventIsReplayedOnlyToWhomTheReaderMaySee() {
        var log = new EventLog(4);
        log.append(event(1));
        log.append(event(2), "p_waiting");
        log.append(event(3));

        assertThat(log.after(0, 3, subject -> false)).extracting(SessionFact.Numbered::seq).containsExactly(1L, 3L);
        assertThat(log.after(0, 3, "p_waiting"::equals)).extracting(SessionFact.Numbered::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void keepsTheLastCapacityEventsInOrderWhileItGrowsAndWrapsAround() {
        var log = new EventLog(20);
        for (long seq = 1; seq <= 30; seq++) {
            log.append(event(seq), seq == 5 || seq == 25 ? "p_waiting" : null);
        }
        assertThat(log.after(10, 30)).extracting(SessionFact.Numbered::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(11, 30).boxed().toList());
        assertThat(log.after(9, 30)).as("event 10 was forgotten").isNull();
        assertThat(log.after(20, 30, subject -> false)).extracting(SessionFact.Numbered::seq)
                .containsExactly(21L, 22L, 23L, 24L, 26L, 27L, 28L, 29L, 30L);
    }

    @Test
    void aPrivateEventKeepsItsSubjectWhenTheRingGrowsAfterIt() {
        var log = new EventLog(64);
        log.append(event(1));
        log.append(event(2), "p_waiting");
        for (long seq = 3; seq <= 40; seq++) {
            log.append(event(seq));
        }
        assertThat(log.after(0, 40, subject -> false)).extracting(SessionFact.Numbered::seq)
                .doesNotContain(2L).hasSize(39);
        assertThat(log.after(1, 40, "p_waiting"::equals)).extracting(SessionFact.Numbered::seq).startsWith(2L, 3L).hasSize(39);
    }
}
