package se.samtal.chat.store.redis;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs the appends of one conversation one after another, in the order they were submitted, on
 * an executor; appends to different conversations run side by side. This is what makes the
 * store's promise hold that calls made one after another get increasing sequence numbers,
 * while {@code append} itself returns at once. A conversation's queue is forgotten once empty.
 */
final class AppendQueues {
    private final Executor executor;
    private final Map<String, Queue<Runnable>> queues = new HashMap<>();

    AppendQueues(Executor executor) {
        this.executor = executor;
    }

    <T> CompletableFuture<T> submit(String conversationKey, Supplier<T> work) {
        var future = new CompletableFuture<T>();
        Runnable task = () -> {
            try {
                future.complete(work.get());
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        };
        boolean start;
        synchronized (queues) {
            Queue<Runnable> queue = queues.get(conversationKey);
            start = queue == null;
            if (start) {
                queue = new ArrayDeque<>();
                queues.put(conversationKey, queue);
            }
            queue.add(task);
        }
        if (start) {
            executor.execute(() -> drain(conversationKey));
        }
        return future;
    }

    private void drain(String conversationKey) {
        while (true) {
            Runnable next;
            synchronized (queues) {
                Queue<Runnable> queue = queues.get(conversationKey);
                next = queue.peek();
                if (next == null) {
                    queues.remove(conversationKey);
                    return;
                }
            }
            next.run();
            synchronized (queues) {
                queues.get(conversationKey).poll();
            }
        }
    }
}
