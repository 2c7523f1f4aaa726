package se.samtal.chat.live;

import java.util.ArrayList;
import java.util.List;

/** A connection in a test: keeps every event that reaches it. */
public final class RecordingSubscriber implements ChatSubscriber {
    private final String connectionId;
    private final List<ChatEvent> events = new ArrayList<>();

    public RecordingSubscriber(String connectionId) {
        this.connectionId = connectionId;
    }

    @Override
    public String connectionId() {
        return connectionId;
    }

    @Override
    public void deliver(ChatEvent event) {
        events.add(event);
    }

    public List<ChatEvent> events() {
        return events;
    }

    /** What arrived, with each message shown as its seq (easier to read in assertions). */
    public List<Object> received() {
        return events.stream().<Object>map(e -> e instanceof ChatEvent.MessagePosted p ? p.message().seq() : e).toList();
    }
}
