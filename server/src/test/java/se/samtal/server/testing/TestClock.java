package se.samtal.server.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock of a test server and of the test that talks to it: the system's time moved by a
 * shift, which a test may move further ({@link #advance}). Bookings, tokens and expectations of a
 * test take their times from here (or from "now" of this clock), never from a fixed date, so the
 * suite passes on any day.
 *
 * <p>The system property {@code samtal.test.clockShift} (an ISO-8601 duration such as
 * {@code P1826D} or {@code -P365D}; none by default) moves every test clock and so the clock of
 * every test server: run the suite with it to show that nothing depends on today's date, e.g.
 * {@code bin/test -Dsamtal.test.clockShift=P1826D}. Servers started as processes of their own
 * (the packaged jar) run on the system clock, and the tests that start them take "now" from it.
 */
public final class TestClock extends Clock {
    /** How far every test clock is moved from the system's time. */
    public static final Duration SHIFT = Duration.parse(System.getProperty("samtal.test.clockShift", "PT0S"));

    private final AtomicReference<Duration> offset;
    /** While held: the instant the clock stands at (moved only by {@link #advance}). */
    private final AtomicReference<Instant> held = new AtomicReference<>();

    private TestClock(Duration offset) {
        this.offset = new AtomicReference<>(offset);
    }

    /** A clock at the shifted "now", running with the system's time. */
    public static TestClock create() {
        return new TestClock(SHIFT);
    }

    /** Now, on the shifted clock (for tests without a server of their own). */
    public static Instant shiftedNow() {
        return Instant.now().plus(SHIFT);
    }

    /** Moves this clock forward by {@code by} (it keeps running from there, or stays there while held). */
    public void advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
        held.updateAndGet(at -> at == null ? null : at.plus(by));
    }

    /**
     * Stops the clock (at the next whole second: it never goes back), so that durations a test makes with
     * {@link #advance} come out exact, whatever the machine's speed; {@link #release} lets it run again.
     */
    public void hold() {
        Instant now = Instant.now().plus(offset.get());
        Instant whole = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        held.set(whole.equals(now) ? now : whole.plusSeconds(1));
    }

    /** Lets a held clock run again from where it stood (it never goes back). */
    public void release() {
        Instant at = held.getAndSet(null);
        if (at != null) {
            offset.set(Duration.between(Instant.now(), at));
        }
    }

    @Override
    public Instant instant() {
        Instant at = held.get();
        return at != null ? at : Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
