package se.samtal.signalling.live;

import se.samtal.signalling.feed.ClientLink;
import se.samtal.signalling.feed.SessionFact;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** A connection in a test of live sessions: keeps the facts it was told, in order, and how it was closed. */
public final class RecordingLink implements ClientLink {
    private final String id;
    private final List<SessionFact> received = new ArrayList<>();
    private volatile Integer closedWith;

    public RecordingLink(String id) {
        this.id = id;
    }

    @Override
    public String connectionId() {
        return id;
    }

    @Override
    public synchronized void send(SessionFact fact) {
        received.add(fact);
    }

    @Override
    public void close(int closeCode, String reason) {
        closedWith = closeCode;
    }

    @Override
    public boolean isOpen() {
        return closedWith == null;
    }

    public Integer closedWith() {
        return closedWith;
    }

    public synchronized List<SessionFact> received() {
        return List.copyOf(received);
    }

    public synchronized <T extends SessionFact> List<T> received(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The stream's facts received, by their seq. */
    public synchronized List<Long> seqs() {
        return received.stream().filter(SessionFact.Numbered.class::isInstance)
                .map(f -> ((SessionFact.Numbered) f).seq()).toList();
    }

    /** The welcome (waiting for it: in cluster mode it is sent once the join is committed). */
    public SessionFact.Welcomed welcome() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !received(SessionFact.Welcomed.class).isEmpty());
        return received(SessionFact.Welcomed.class).getFirst();
    }
}
