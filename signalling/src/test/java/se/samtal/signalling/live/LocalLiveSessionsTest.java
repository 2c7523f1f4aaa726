package se.samtal.signalling.live;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;

/** The live-sessions contract with the embedded space: one node, state in memory. */
class LocalLiveSessionsTest extends LiveSessionsContract {
    private List<SessionSpace> spaces;

    @BeforeEach
    void open() {
        spaces = List.of(new LocalSessionSpace("n0", 256, timers, CLOCK));
    }

    @AfterEach
    void close() {
        timers.shutdownNow();
    }

    @Override
    protected List<SessionSpace> spaces() {
        return spaces;
    }
}
