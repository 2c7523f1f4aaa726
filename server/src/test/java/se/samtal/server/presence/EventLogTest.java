package se.samtal.server.presence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventLogTest {
    private static EncodedMessage event(long seq) {
        return new EncodedMessage("presence", ("{\"seq\":" + seq + "}").getBytes());
    }

    @Test
    void returnsExactlyTheEventsAfterTheLastSeenWhileTheyAreKept() {
        var log = new EventLog(3);
        for (long seq = 1; seq <= 5; seq++) {
            log.append(seq, event(seq));
        }
        assertThat(log.after(5, 5)).isEmpty();
        assertThat(log.after(4, 5)).extracting(e -> new String(e.json())).containsExactly("{\"seq\":5}");
        assertThat(log.after(2, 5)).extracting(e -> new String(e.json())).containsExactly("{\"seq\":3}", "{\"seq\":4}", "{\"seq\":5}");
    }

    @Test
    void saysSoWhenEventsHaveBeenForgottenOrTheSequenceIsFromElsewhere() {
        var log = new EventLog(3);
        for (long seq = 1; seq <= 5; seq++) {
            log.append(seq, event(seq));
        }
        assertThat(log.after(1, 5)).as("event 2 was forgotten").isNull();
        assertThat(log.after(9, 5)).as("ahead of the stream").isNull();
        assertThat(new EventLog(0).after(0, 1)).isNull();
    }
}
