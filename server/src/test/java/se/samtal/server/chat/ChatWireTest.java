package se.samtal.server.chat;

import org.junit.jupiter.api.Test;
import se.samtal.chat.live.ChatEvent;
import se.samtal.protocol.WireCodec;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ChatWireTest {
    private final WireCodec codec = new WireCodec();
    private final ChatWire wire = new ChatWire(5000);

    @Test
    void everySubscriberOfOneEventGetsTheFrameEncodedForTheFirst() {
        var event = new ChatEvent.ReceiptMoved("cv_1", "m_1", 3, 2);

        var first = wire.frame(event, codec);
        var second = wire.frame(event, codec);

        assertThat(second).isSameAs(first);
        assertThat(first.type()).isEqualTo("chat.receipt");
    }

    @Test
    void anotherEventIsEncodedForItselfEvenWhenEqualToTheLast() {
        var event = new ChatEvent.ReceiptMoved("cv_1", "m_1", 3, 2);
        var later = new ChatEvent.ReceiptMoved("cv_1", "m_1", 4, 4);

        var first = wire.frame(event, codec);
        var next = wire.frame(later, codec);
        var again = wire.frame(new ChatEvent.ReceiptMoved("cv_1", "m_1", 3, 2), codec);

        assertThat(new String(next.json(), StandardCharsets.UTF_8)).contains("\"readSeq\":4").doesNotContain("\"readSeq\":2");
        assertThat(again).isNotSameAs(first);
        assertThat(again.json()).isEqualTo(first.json());
    }
}
