package se.samtal.server.gateway;

import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.WireCodec;

import java.util.function.Function;

/**
 * The frame encoded last, and what it was made from. A fan-out hands one value (a session's fact,
 * a chat event) to each receiver in turn, so the frame encoded for the first serves all the
 * others: encoded once, the same bytes queued to every receiver. Values are told apart by
 * identity; one that was not the last encoded (another fan-out came between) is simply encoded
 * again. Safe from any thread.
 *
 * @param <T> what frames are made from
 */
public final class LastFrame<T> {
    private final Function<T, ServerMessage> message;
    private volatile Made<T> last;

    private record Made<T>(T value, EncodedMessage frame) {
    }

    /** @param message the message a value is on the wire */
    public LastFrame(Function<T, ServerMessage> message) {
        this.message = message;
    }

    /** The frame for {@code value}: the last one encoded if it was made from this very value. */
    public EncodedMessage of(T value, WireCodec codec) {
        Made<T> known = last;
        if (known != null && known.value() == value) {
            return known.frame();
        }
        var frame = EncodedMessage.of(codec, message.apply(value));
        last = new Made<>(value, frame);
        return frame;
    }
}
