package se.samtal.loadtest.bench;

import org.junit.jupiter.api.Test;
import se.samtal.loadtest.peer.Frame;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.WireCodec;

import static org.assertj.core.api.Assertions.assertThat;

class ChatLoadTest {
    private final WireCodec codec = new WireCodec();

    @Test
    void aMessageCarriesItsDueTimeInTheTextAndTheRequestId() throws Exception {
        var load = new ChatLoad(codec, "chat.message");

        var send = (ClientMessage.ChatSend) codec.decodeClient(load.message(123_456_789L));

        assertThat(send.id()).isEqualTo("s123456789");
        assertThat(send.text()).hasSize(ChatLoad.TEXT_CHARS).startsWith("t=123456789 ");
        assertThat(ChatLoad.dueTime(send.text())).isEqualTo(123_456_789L);
        assertThat(send.idempotencyKey()).matches("[A-Za-z0-9._:-]{1,64}");
    }

    @Test
    void everyMessageHasItsOwnIdempotencyKey() throws Exception {
        var load = new ChatLoad(codec, "chat.message");

        var first = (ClientMessage.ChatSend) codec.decodeClient(load.message(1));
        var second = (ClientMessage.ChatSend) codec.decodeClient(load.message(1));

        assertThat(first.idempotencyKey()).isNotEqualTo(second.idempotencyKey());
    }

    @Test
    void countsDeliveriesOfItsTypeAcksOfItsRequestsAndErrors() {
        var load = new ChatLoad(codec, "chat.message");
        long due = System.nanoTime();

        load.received(new Frame("chat.message", null, null, "t=" + due + " x", null));
        load.received(new Frame("chat.receipt", null, null, null, null));
        load.received(new Frame("ack", "s" + due, null, "t=" + due + " x", null));
        load.received(new Frame("error", "s" + due, "rate_limited", null, null));

        assertThat(load.delivered.sum()).isEqualTo(1);
        assertThat(load.acked.sum()).isEqualTo(1);
        assertThat(load.errors.sum()).isEqualTo(1);
        assertThat(load.firstError()).isEqualTo("rate_limited");
        assertThat(load.endToEnd.interval().count()).isEqualTo(1);
    }

    @Test
    void aTextWithoutADueTimeIsNotADelivery() {
        var load = new ChatLoad(codec, "chat.send");

        load.received(new Frame("chat.send", null, null, "hej", null));

        assertThat(load.delivered.sum()).isZero();
        assertThat(ChatLoad.dueTime(null)).isNegative();
    }
}
