package se.samtal.server.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Where a connection's session requests (presence, leave, admit, call, signal, media) and its
 * dropping out run. Embedded, the session's state is in memory and they run at once on the
 * connection's event loop ({@link #INLINE}); in cluster mode every change of it is a round trip
 * to Redis, which never happens on an event loop, so they run one after another, in the order
 * the client sent them, off it ({@link #serial}).
 */
public interface SessionLane {

    /** Runs {@code work} for {@code connection}'s session; a failure is answered through {@code ctx}. */
    void run(Connection connection, RequestContext ctx, Runnable work);

    /** Runs {@code work} (no request to answer: the connection is gone) after the connection's earlier work. */
    void last(Connection connection, Runnable work);

    /** Embedded: at once, on the calling thread. */
    SessionLane INLINE = new SessionLane() {
        @Override
        public void run(Connection connection, RequestContext ctx, Runnable work) {
            work.run();
        }

        @Override
        public void last(Connection connection, Runnable work) {
            work.run();
        }
    };

    /** Cluster mode: each connection's work in order on {@code executor} (virtual threads). */
    static SessionLane serial(Executor executor) {
        Map<String, SerialExecutor> lanes = new ConcurrentHashMap<>();
        return new SessionLane() {
            @Override
            public void run(Connection connection, RequestContext ctx, Runnable work) {
                lane(connection).execute(() -> {
                    try {
                        work.run();
                    } catch (RuntimeException e) {
                        ctx.fail(e);
                    }
                });
            }

            @Override
            public void last(Connection connection, Runnable work) {
                String id = connection.connectionId();
                lane(connection).execute(() -> {
                    try {
                        work.run();
                    } finally {
                        lanes.remove(id);
                    }
                });
            }

            private SerialExecutor lane(Connection connection) {
                return lanes.computeIfAbsent(connection.connectionId(), id -> new SerialExecutor(executor));
            }
        };
    }
}
