package se.samtal.server.cluster;

import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.chat.ChatMessageView;
import se.samtal.protocol.chat.ChatResults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.testing.ChatTesting.as;
import static se.samtal.server.testing.ChatTesting.subscribe;

/**
 * A chat client that keeps writing, as a person in a visit would, with a few messages in flight:
 * each message has its own idempotency key, and what was not acknowledged when the connection
 * broke is sent again with the same key once the client is back (on any node), as the browser
 * client does. Remembers what was acknowledged, to check against what is stored.
 */
final class ChatWriter implements AutoCloseable {
    /** Node configuration for writers that never pause: limits that do not get in the way, a long reconnect grace. */
    static final String UNTHROTTLED = """
            presence: {reconnectGrace: 30s}
            gateway: {requestBurst: 1000}
            chat: {messagesPerMinute: 6000, messageBurst: 1000}
            """;
    private static final int IN_FLIGHT = 4;

    private final String prefix;
    private final List<String> keys = new ArrayList<>();
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private volatile SamtalConnection connection;
    private volatile boolean broken;
    private volatile boolean stopped;
    private Thread thread;

    ChatWriter(SamtalConnection connection, String prefix) {
        this.connection = connection;
        this.prefix = prefix;
    }

    /** Follows the connection's conversation and writes on it, once the first 20 messages are acknowledged. */
    static ChatWriter writing(SamtalConnection connection, String prefix) {
        subscribe(connection, null);
        var writer = new ChatWriter(connection, prefix);
        writer.start();
        writer.awaitAcked(20);
        return writer;
    }

    static String text(String key) {
        return "Meddelande " + key;
    }

    void start() {
        thread = Thread.ofVirtual().start(this::write);
    }

    private void write() {
        for (int n = 0; !stopped; n++) {
            String key = prefix + "-" + n;
            synchronized (keys) {
                keys.add(key);
            }
            try {
                slots.acquire();
                synchronized (this) {
                    while (broken && !stopped) {
                        wait(); // the page reconnects before writing more
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!stopped) {
                send(key);
            } else {
                slots.release();
            }
        }
    }

    private void send(String key) {
        SamtalConnection on = connection;
        on.request(id -> new ClientMessage.ChatSend(id, null, key, text(key))).whenComplete((ack, failure) -> {
            if (failure == null) {
                acked.put(key, as(ack, ChatResults.Sent.class).message().seq());
            } else if (on == connection) {
                broken = true;
            }
            slots.release();
        });
    }

    /** Waits until at least {@code count} messages are acknowledged. */
    void awaitAcked(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= count);
    }

    int acked() {
        return acked.size();
    }

    /** Back (on a new connection, or the same one once the server is whole again): what was never acknowledged goes again, in order, with the same keys; then on. */
    void resumeOn(SamtalConnection fresh) throws Exception {
        connection = fresh;
        resendUnacked();
        synchronized (this) {
            broken = false;
            notifyAll();
        }
    }

    /** Stops writing and sends again, one by one, whatever is still not acknowledged. */
    void stopAndResendUnacked() throws Exception {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        thread.join(Duration.ofSeconds(10));
        assertThat(slots.tryAcquire(IN_FLIGHT, 10, TimeUnit.SECONDS)).as("every request answered").isTrue();
        slots.release(IN_FLIGHT);
        resendUnacked();
    }

    private void resendUnacked() throws InterruptedException, ExecutionException, TimeoutException {
        List<String> sent;
        synchronized (keys) {
            sent = List.copyOf(keys);
        }
        for (String key : sent) {
            if (!acked.containsKey(key)) {
                var ack = connection.request(id -> new ClientMessage.ChatSend(id, null, key, text(key))).get(10, TimeUnit.SECONDS);
                acked.put(key, as(ack, ChatResults.Sent.class).message().seq());
            }
        }
    }

    /**
     * What is stored is numbered 1, 2, 3, … without gaps; each writer's acknowledged messages are
     * there once each, with the seq their ack said, in the order the writer sent them.
     */
    static void assertExactlyOnceInOrder(List<ChatMessageView> stored, ChatWriter... writers) {
        assertThat(stored).extracting(ChatMessageView::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, stored.size()).boxed().toList());
        assertThat(stored).extracting(ChatMessageView::text).doesNotHaveDuplicates();
        for (ChatWriter writer : writers) {
            var mine = stored.stream().map(ChatMessageView::text).filter(t -> t.startsWith(text(writer.prefix + "-"))).toList();
            List<String> expected;
            synchronized (writer.keys) {
                expected = writer.keys.stream().filter(writer.acked::containsKey).map(ChatWriter::text).toList();
            }
            assertThat(mine).as("%s: every acknowledged message once, in the order sent", writer.prefix)
                    .containsExactlyElementsOf(expected);
            writer.acked.forEach((key, seq) -> assertThat(stored.get((int) (seq - 1)).text()).isEqualTo(text(key)));
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
