package se.samtal.server.audit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;
import se.samtal.audit.AuditLog;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The audit stream as an operator's log shipper would see it: every line the {@code samtal.audit}
 * logger writes in this JVM (the test server runs in-process), parsed. Tests wait on it for
 * queued events, so they never read the trail before it is complete.
 */
final class AuditStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            lines.add(event.getFormattedMessage());
        }
    };

    AuditStream() {
        appender.start();
        ((Logger) LoggerFactory.getLogger(AuditLog.STREAM)).addAppender(appender);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The entries streamed so far, each as {@code {"entry":…,"hash":…,"prevHash":…}}. */
    List<JsonNode> lineNodes() {
        return lines.stream().map(AuditStream::parse).toList();
    }

    /** The entries (without their hashes) streamed so far. */
    List<JsonNode> entries() {
        return lineNodes().stream().map(l -> l.get("entry")).toList();
    }

    /** Waits until an entry matching {@code matches} has been streamed, and returns it. */
    JsonNode await(Predicate<JsonNode> matches) {
        return Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> entries().stream().filter(matches).findFirst().orElse(null), e -> e != null);
    }

    static Predicate<JsonNode> action(String action) {
        return e -> e.path("action").asText().equals(action);
    }

    static Predicate<JsonNode> action(String action, String objectId) {
        return e -> e.path("action").asText().equals(action) && e.path("object").path("id").asText().equals(objectId);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        ((Logger) LoggerFactory.getLogger(AuditLog.STREAM)).detachAppender(appender);
    }
}
