package se.samtal.signalling.live;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where live sessions' state lives, and how a change of it is made and carried out: the port
 * between the rules of a live session ({@link SessionSteps}) and its storage and fan-out.
 * Embedded ({@link LocalSessionSpace}), a state is an object in memory changed under its lock;
 * in cluster mode ({@code live.redis}) it is kept in Redis and changed by compare-and-set, so
 * every node sees one order. Either way a change is all or nothing: its effects are carried out
 * only once it is committed, each exactly once, and its facts reach every connection in the
 * order of the session's stream.
 */
public interface SessionSpace {

    /** One change of a session's state. */
    @FunctionalInterface
    interface Step<R> {
        /**
         * Changes the state of {@code change} (null: there is no live session) and returns a
         * result; throwing a {@link se.samtal.protocol.SamtalException} refuses the change, which
         * then leaves no trace. May run more than once (cluster mode, when another node changed
         * the session first): it must do nothing outside the change.
         */
        R apply(Change change);
    }

    /**
     * Makes a change and carries out its effects.
     *
     * @param create the state of a session nobody is in yet (for a join), or null to change only an existing one
     */
    <R> R change(SessionKey key, Supplier<SessionState> create, Step<R> step);

    /** Reads the session's state as it is now, if it is live (someone holds a place, and it is not over). */
    <R> Optional<R> read(SessionKey key, Function<SessionState, R> reader);

    /**
     * Called once, before the first change: {@code context} is what restored states run with,
     * and {@code listener} hears the sessions' timers (each rings once, on one node).
     */
    void start(LiveSessionContext context, TimerListener listener);

    /** Hears the timers of live sessions. */
    @FunctionalInterface
    interface TimerListener {
        void rang(String tenantId, TimerKey timer);
    }

    /** Live sessions with someone on this node, by tenant (for metrics). */
    Map<String, Integer> activeByTenant();

    /** Whether changes and reads block (cluster mode: a round trip to Redis), so must be made off event loops. */
    boolean blocks();
}
