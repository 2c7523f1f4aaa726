package se.samtal.server.gateway;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import se.samtal.protocol.CloseCodes;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The open connections and their timers, as one periodic sweep per event loop instead of timers of
 * each connection's own: a connection keeps only when it was last heard from and when its resume
 * token is next refreshed ({@link Connection}), and links itself into its loop's list (which is
 * also the gateway's set of open connections, so a connection costs no entry in a shared map).
 *
 * <p>At every tick the sweep, for each connection on its loop that is not closing:
 * <ul>
 *   <li>closes it with {@link CloseCodes#IDLE_TIMEOUT} once nothing was read from it for the idle
 *       timeout;</li>
 *   <li>else pings it each time its silence passes another whole ping interval (at 1×, 2×, … the
 *       interval after the last frame read, as often as a reader-idle timer would);</li>
 *   <li>once it holds a seat, sends what the seat refreshes (a fresh resume token, TURN
 *       credentials) every half resume-token lifetime, counted from its {@code hello}.</li>
 * </ul>
 * Each happens at most one tick late: a tenth of the shorter of the ping interval and the idle
 * timeout, at most a second and at least 10 ms.
 */
final class Heartbeats {
    private static final long MOST_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LEAST_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** A resume token is never refreshed more often than this, whatever its lifetime. */
    private static final long LEAST_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long pingNanos;
    private final long idleNanos;
    private final long refreshNanos;
    private final long tickNanos;
    private final Map<EventLoop, Sweep> sweeps = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final AtomicInteger count = new AtomicInteger();

    Heartbeats(Duration pingInterval, Duration idleTimeout, Duration resumeTtl) {
        this(pingInterval, idleTimeout, resumeTtl, System::nanoTime);
    }

    /** @param nanoTime the monotonic time ({@link System#nanoTime()} but in tests) */
    Heartbeats(Duration pingInterval, Duration idleTimeout, Duration resumeTtl, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.pingNanos = pingInterval.toNanos();
        this.idleNanos = idleTimeout.toNanos();
        this.refreshNanos = Math.max(LEAST_REFRESH_NANOS, resumeTtl.toNanos() / 2);
        this.tickNanos = tick(pingInterval, idleTimeout).toNanos();
    }

    /** How often the sweeps run for these intervals. */
    static Duration tick(Duration pingInterval, Duration idleTimeout) {
        long shorter = Math.min(pingInterval.toNanos(), idleTimeout.toNanos());
        return Duration.ofNanos(Math.clamp(shorter / 10, LEAST_TICK_NANOS, MOST_TICK_NANOS));
    }

    /** On the connection's event loop: it was opened, and is heard from now. */
    void add(Connection connection) {
        heard(connection);
        sweeps.computeIfAbsent(connection.channel().eventLoop(), Sweep::new).add(connection);
    }

    /** On the connection's event loop: a frame was read from it. */
    void heard(Connection connection) {
        connection.lastReadNanos = nanoTime.getAsLong();
    }

    /** On the connection's event loop: it sent its hello; its resume token is refreshed from now on. */
    void helloSent(Connection connection) {
        connection.refreshDueNanos = nanoTime.getAsLong() + refreshNanos;
    }

    /** On the connection's event loop: it has gone. Nothing if it was never added, or removed already. */
    void remove(Connection connection) {
        var sweep = sweeps.get(connection.channel().eventLoop());
        if (sweep != null && sweep.remove(connection)) {
            count.decrementAndGet();
        }
    }

    /** How many connections are open (added and not yet removed). */
    int count() {
        return count.get();
    }

    /**
     * Runs {@code action} for every open connection, each on its own event loop (soon, not before
     * this returns); loops already shut down are skipped, their connections are gone.
     */
    void forEach(Consumer<Connection> action) {
        sweeps.forEach((loop, sweep) -> {
            try {
                loop.execute(() -> sweep.forEach(action));
            } catch (RejectedExecutionException e) {
                // the loop has stopped: nothing on it is open any more
            }
        });
    }

    /** One event loop's connections, in a list linked through the connections themselves; only touched on that loop. */
    private final class Sweep implements Runnable {
        private Connection head;
        private long lastSweepNanos = nanoTime.getAsLong();

        Sweep(EventLoop loop) {
            loop.scheduleAtFixedRate(this, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
        }

        void add(Connection connection) {
            count.incrementAndGet();
            connection.beatNext = head;
            if (head != null) {
                head.beatPrevious = connection;
            }
            head = connection;
        }

        /** Whether it was in the list. */
        boolean remove(Connection connection) {
            if (connection.beatPrevious != null) {
                connection.beatPrevious.beatNext = connection.beatNext;
            } else if (head == connection) {
                head = connection.beatNext;
            } else {
                return false; // not in the list
            }
            if (connection.beatNext != null) {
                connection.beatNext.beatPrevious = connection.beatPrevious;
            }
            connection.beatPrevious = null;
            connection.beatNext = null;
            return true;
        }

        void forEach(Consumer<Connection> action) {
            Connection next;
            for (Connection connection = head; connection != null; connection = next) {
                next = connection.beatNext;
                action.accept(connection);
            }
        }

        @Override
        public void run() {
            long before = lastSweepNanos;
            long now = nanoTime.getAsLong();
            lastSweepNanos = now;
            Connection next;
            for (Connection connection = head; connection != null; connection = next) {
                next = connection.beatNext; // taken first: what this one does may unlink it
                beat(connection, before, now);
            }
        }

        private void beat(Connection connection, long lastSweep, long now) {
            if (!connection.isOpen()) {
                return; // closing: its closing handshake has its own deadline
            }
            long silent = now - connection.lastReadNanos;
            if (silent >= idleNanos) {
                connection.close(CloseCodes.IDLE_TIMEOUT, "idle");
                return;
            }
            long silentAtLastSweep = Math.max(0, lastSweep - connection.lastReadNanos);
            if (silent >= pingNanos && silent / pingNanos > silentAtLastSweep / pingNanos) {
                connection.channel().writeAndFlush(new PingWebSocketFrame());
            }
            var seat = connection.seat();
            if (seat != null && now - connection.refreshDueNanos >= 0) {
                connection.refreshDueNanos += refreshNanos;
                seat.refreshed().forEach(connection::send);
            }
        }
    }
}
