package se.samtal.server.presence;

import se.samtal.protocol.ProtocolException;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.WireCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** A connection in a test of live sessions: keeps what it was sent, decoded, and how it was closed. */
public final class RecordingLink implements ClientLink {
    private static final WireCodec CODEC = new WireCodec();

    private final String id;
    private final List<ServerMessage> received = new ArrayList<>();
    private volatile Integer closedWith;

    public RecordingLink(String id) {
        this.id = id;
    }

    @Override
    public String connectionId() {
        return id;
    }

    @Override
    public synchronized void send(EncodedMessage message) {
        try {
            received.add(CODEC.decodeServer(new String(message.json(), StandardCharsets.UTF_8)));
        } catch (ProtocolException e) {
            throw new AssertionError("the server sent a frame its own codec cannot read", e);
        }
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

    public synchronized List<ServerMessage> received() {
        return List.copyOf(received);
    }

    public synchronized <T extends ServerMessage> List<T> received(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The session events received, by their seq. */
    public synchronized List<Long> seqs() {
        return received.stream().filter(ServerMessage.SessionEvent.class::isInstance)
                .map(m -> ((ServerMessage.SessionEvent) m).seq()).toList();
    }

    /** The welcome (waiting for it: in cluster mode it is sent once the join is committed). */
    public ServerMessage.Welcome welcome() {
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !received(ServerMessage.Welcome.class).isEmpty());
        return received(ServerMessage.Welcome.class).getFirst();
    }
}
