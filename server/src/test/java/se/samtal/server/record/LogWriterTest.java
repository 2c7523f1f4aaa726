package se.samtal.server.record;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A lingering log writer gathers batches, and a reader that asks first sees everything handed to it before. */
class LogWriterTest {
    @Test
    void aReaderThatAwaitsTheWriterSeesEverythingHandedToItBeforeEvenWhileABatchLingers() {
        var written = new CopyOnWriteArrayList<List<String>>();
        // A linger far longer than the wait: only the reader's barrier can have written the batch.
        try (var writer = new LogWriter<String>("test", 100, Duration.ofMinutes(10), written::add, n -> { })) {
            writer.write("arrived");
            writer.write("admitted");
            writer.write("chat");

            writer.awaitWritten(Duration.ofSeconds(30));

            assertThat(written).flatMap(batch -> batch).containsExactly("arrived", "admitted", "chat");
            assertThat(written).as("gathered into one batch, not written one by one").hasSize(1);
        }
    }

    @Test
    void aWriterThatDoesNotLingerWritesWithoutBeingAsked() throws InterruptedException {
        var written = new CopyOnWriteArrayList<String>();
        var wrote = new CountDownLatch(1);
        try (var writer = new LogWriter<String>("test", 100, batch -> {
            written.addAll(batch);
            wrote.countDown();
        }, n -> { })) {
            writer.write("arrived");
            assertThat(wrote.await(30, TimeUnit.SECONDS)).as("written without a reader asking").isTrue();
            assertThat(written).containsExactly("arrived");
        }
    }

    @Test
    void closingAnIdleWriterWakesIt() {
        var writer = new LogWriter<String>("idle-test", 100, batch -> { }, n -> { });
        // Asleep, for up to five seconds, between looks.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet()
                .stream().anyMatch(t -> t.getName().equals("samtal-idle-test-writer") && t.getState() == Thread.State.TIMED_WAITING));
        long start = System.nanoTime();
        writer.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closing wakes it").isLessThan(Duration.ofSeconds(3));
    }
}
