package se.samtal.server.gateway;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.WireCodec;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.net.ClientAddress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One sweep per event loop does what a reader-idle timer per connection did: a ping at each whole
 * ping interval of silence, close 4004 at the idle timeout, and a frame read starts the count
 * again. Time is the test's: the loop's scheduler and the sweep's clock move together.
 */
class HeartbeatsTest {
    private static final Duration TICK = Heartbeats.tick(Duration.ofSeconds(20), Duration.ofSeconds(60));

    private long nanos = 5_000_000_000L;
    private final Heartbeats heartbeats = new Heartbeats(Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofHours(1),
            () -> nanos);
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Connection connection;

    HeartbeatsTest() {
        channel.freezeTime();
        connection = new Connection(channel, new WireCodec(), new SamtalMetrics(), 1 << 20, Runnable::run, ClientAddress.UNKNOWN);
        heartbeats.add(connection);
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void theSweepTicksOnceASecondForTheDefaultsAndFasterForShortIntervals() {
        assertThat(TICK).isEqualTo(Duration.ofSeconds(1));
        assertThat(Heartbeats.tick(Duration.ofMillis(200), Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(20));
        assertThat(Heartbeats.tick(Duration.ofMillis(20), Duration.ofMillis(50))).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void aSilentConnectionIsPingedAtEachPingIntervalAndClosedAsIdleAtTheIdleTimeout() {
        pass(Duration.ofSeconds(19));
        assertThat(sent()).isEmpty();
        pass(Duration.ofSeconds(1));
        assertThat(sent()).containsExactly("ping");
        pass(Duration.ofSeconds(19));
        assertThat(sent()).isEmpty();
        pass(Duration.ofSeconds(1));
        assertThat(sent()).containsExactly("ping");
        pass(Duration.ofSeconds(19));
        assertThat(sent()).isEmpty();
        assertThat(connection.isOpen()).isTrue();

        pass(Duration.ofSeconds(1));

        assertThat(sent()).containsExactly("close " + CloseCodes.IDLE_TIMEOUT);
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void aFrameReadStartsTheSilenceAgain() {
        pass(Duration.ofSeconds(25));
        assertThat(sent()).hasSize(1);
        heartbeats.heard(connection);

        pass(Duration.ofSeconds(19));
        assertThat(sent()).isEmpty();
        pass(Duration.ofSeconds(1));
        assertThat(sent()).containsExactly("ping");
        pass(Duration.ofSeconds(39));
        assertThat(sent()).hasSize(1);
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void aConnectionThatHasGoneIsNoLongerSwept() {
        var other = new EmbeddedChannel();
        var stays = new Connection(other, new WireCodec(), new SamtalMetrics(), 1 << 20, Runnable::run, ClientAddress.UNKNOWN);
        // the same event loop is what puts both in one sweep; an EmbeddedChannel has a loop of its own,
        // so this one is swept (or not) by its own, never-run sweep: only the removal is under test here
        heartbeats.add(stays);
        assertThat(heartbeats.count()).isEqualTo(2);
        heartbeats.remove(connection);
        heartbeats.remove(connection); // twice is harmless
        assertThat(heartbeats.count()).isEqualTo(1);

        pass(Duration.ofSeconds(61));

        assertThat(sent()).isEmpty();
        assertThat(connection.isOpen()).isTrue();
        other.finishAndReleaseAll();
    }

    @Test
    void everyOpenConnectionIsVisitedOnItsOwnLoop() {
        var visited = new ArrayList<Connection>();
        heartbeats.forEach(visited::add);
        assertThat(visited).isEmpty(); // not before its loop runs it
        channel.runPendingTasks();
        assertThat(visited).containsExactly(connection);
    }

    /** Moves time on tick by tick, running the sweep as the loop would. */
    private void pass(Duration duration) {
        for (long left = duration.toNanos(); left > 0; left -= TICK.toNanos()) {
            nanos += TICK.toNanos();
            channel.advanceTimeBy(TICK.toNanos(), TimeUnit.NANOSECONDS);
            channel.runScheduledPendingTasks();
            channel.runPendingTasks();
        }
    }

    /** What was written since last asked: "ping", or "close" and its code. */
    private List<String> sent() {
        var frames = new ArrayList<String>();
        Object frame;
        while ((frame = channel.readOutbound()) != null) {
            frames.add(switch (frame) {
                case PingWebSocketFrame ping -> "ping";
                case CloseWebSocketFrame close -> "close " + close.statusCode();
                default -> frame.toString();
            });
            ReferenceCountUtil.release(frame);
        }
        return frames;
    }
}
