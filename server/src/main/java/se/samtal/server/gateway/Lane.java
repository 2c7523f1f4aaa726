package se.samtal.server.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Where every request of one connection runs — session and chat alike — and, last, what the
 * connection's end sets off: one after the other, in the order they came. Work that never blocks
 * runs at once on the calling thread (the connection's event loop) when nothing of the
 * connection's is running or waiting, so a WebRTC offer in an embedded session is relayed without
 * leaving the loop; work that may block (a store, Redis) runs on a virtual thread, and whatever
 * comes after it waits its turn there. One per connection, made with it and gone with it.
 */
public final class Lane {
    private static final Logger log = LoggerFactory.getLogger(Lane.class);

    private final Executor blocking;
    /** Work waiting its turn; made when work first has to wait (most lanes of held connections never do). Guarded by this. */
    private Queue<Runnable> waiting;
    private boolean busy;

    Lane(Executor blocking) {
        this.blocking = blocking;
    }

    /** Runs {@code work} after everything before it: at once here if it cannot block and the lane is free. */
    public void run(boolean mayBlock, Runnable work) {
        if (mayBlock) {
            runBlocking(work);
        } else {
            runHere(work);
        }
    }

    private void runHere(Runnable work) {
        synchronized (this) {
            if (busy) {
                waiting().add(work);
                return;
            }
            busy = true;
        }
        try {
            work.run();
        } finally {
            handOn();
        }
    }

    private void runBlocking(Runnable work) {
        synchronized (this) {
            if (busy) {
                waiting().add(work);
                return;
            }
            busy = true;
        }
        blocking.execute(() -> {
            runLogged(work);
            drain();
        });
    }

    private Queue<Runnable> waiting() {
        if (waiting == null) {
            waiting = new ArrayDeque<>(1);
        }
        return waiting;
    }

    /** After work that ran here: what queued meanwhile (nothing, unless from another thread) runs off this thread. */
    private void handOn() {
        synchronized (this) {
            if (waiting == null || waiting.isEmpty()) {
                busy = false;
                return;
            }
        }
        blocking.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = waiting == null ? null : waiting.poll();
                if (next == null) {
                    busy = false;
                    return;
                }
            }
            runLogged(next);
        }
    }

    private static void runLogged(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.atError().setMessage("Work in a connection's lane failed").setCause(e).log();
        }
    }
}
