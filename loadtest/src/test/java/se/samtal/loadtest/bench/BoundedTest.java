package se.samtal.loadtest.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedTest {

    @Test
    void neverHasMoreThanTheWindowInFlightAndRunsEveryTask() {
        var inFlight = new AtomicInteger();
        var most = new AtomicInteger();
        var open = new ConcurrentLinkedQueue<CompletableFuture<Integer>>();
        var all = Bounded.run(50, 4, i -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            var f = new CompletableFuture<Integer>();
            open.add(f);
            return f.whenComplete((v, e) -> inFlight.decrementAndGet());
        });
        while (!all.isDone()) {
            var next = open.poll();
            if (next != null) {
                next.complete(1);
            }
        }

        assertThat(all.join()).hasSize(50).allMatch(f -> f.join() == 1);
        assertThat(most.get()).isEqualTo(4);
    }

    @Test
    void failuresAreCollectedWithTheFirstMessage() {
        var all = Bounded.run(5, 2, i -> i % 2 == 0 ? CompletableFuture.completedFuture(i)
                : CompletableFuture.<Integer>failedFuture(new IllegalStateException("no " + i))).join();
        var errors = new ArrayList<String>();

        var values = Bounded.successes(all, errors, "tasks");

        assertThat(values).containsExactly(0, 2, 4);
        assertThat(errors).containsExactly("2 of 5 tasks failed (first: no 1)");
    }

    @Test
    void zeroTasksCompleteAtOnce() {
        assertThat(Bounded.run(0, 3, i -> new CompletableFuture<Integer>()).join()).isEmpty();
    }
}
