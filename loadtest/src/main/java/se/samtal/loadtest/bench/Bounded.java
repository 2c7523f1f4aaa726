package se.samtal.loadtest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs many asynchronous tasks with at most {@code window} of them in flight: for setting up
 * thousands of bookings and connections without flooding the server's accept queue.
 */
final class Bounded {
    private Bounded() {
    }

    /** Runs {@code task(0 … count-1)}; completes (never exceptionally) once all have, with each one's future. */
    static <T> CompletableFuture<List<CompletableFuture<T>>> run(int count, int window, IntFunction<CompletableFuture<T>> task) {
        var futures = new ArrayList<CompletableFuture<T>>(count);
        for (int i = 0; i < count; i++) {
            futures.add(new CompletableFuture<>());
        }
        var next = new AtomicInteger();
        var done = new CompletableFuture<List<CompletableFuture<T>>>();
        var remaining = new AtomicInteger(count);
        if (count == 0) {
            done.complete(futures);
            return done;
        }
        Runnable[] launch = new Runnable[1];
        launch[0] = () -> {
            // A loop, not recursion, for tasks that are done at once (a failure before any I/O).
            while (true) {
                int i = next.getAndIncrement();
                if (i >= count) {
                    return;
                }
                CompletableFuture<T> started;
                try {
                    started = task.apply(i);
                } catch (RuntimeException e) {
                    started = CompletableFuture.failedFuture(e);
                }
                boolean synchronous = started.isDone();
                started.whenComplete((value, failure) -> {
                    if (failure != null) {
                        futures.get(i).completeExceptionally(failure);
                    } else {
                        futures.get(i).complete(value);
                    }
                    if (remaining.decrementAndGet() == 0) {
                        done.complete(futures);
                    } else if (!synchronous) {
                        launch[0].run();
                    }
                });
                if (!synchronous) {
                    return;
                }
            }
        };
        for (int w = 0; w < Math.min(window, count); w++) {
            launch[0].run();
        }
        return done;
    }

    /** The values of the futures that succeeded, in order; the failures' messages go to {@code errors}. */
    static <T> List<T> successes(List<CompletableFuture<T>> futures, List<String> errors, String what) {
        var values = new ArrayList<T>();
        int failed = 0;
        String first = null;
        for (var f : futures) {
            try {
                values.add(f.join());
            } catch (RuntimeException e) {
                failed++;
                if (first == null) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    // A timeout has no message: its class says what happened.
                    first = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
                }
            }
        }
        if (failed > 0) {
            errors.add(failed + " of " + futures.size() + " " + what + " failed (first: " + first + ")");
        }
        return values;
    }
}
