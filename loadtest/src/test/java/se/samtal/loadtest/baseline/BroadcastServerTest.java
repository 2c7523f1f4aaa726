package se.samtal.loadtest.baseline;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.samtal.loadtest.wire.WsClient;
import se.samtal.loadtest.wire.WsConnection;
import se.samtal.loadtest.wire.WsListener;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The baseline server with the load client, on loopback: a frame reaches the room's others, not its sender. */
class BroadcastServerTest {
    private final BroadcastServer server = new BroadcastServer();
    private final WsClient client = new WsClient(1, 2);

    @AfterEach
    void stop() {
        client.close();
        server.stop();
    }

    private record Member(WsConnection connection, LinkedBlockingQueue<String> received) {
    }

    private Member join(int port, String room) {
        var received = new LinkedBlockingQueue<String>();
        var connection = client.connect(URI.create("ws://127.0.0.1:" + port + BroadcastServer.ROOM_PATH + "/" + room),
                (WsListener) (c, utf8) -> received.add(text(utf8))).join();
        return new Member(connection, received);
    }

    private static String text(ByteBuf utf8) {
        return utf8.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFrameReachesEveryOtherMemberOfTheRoomAndNobodyElse() throws Exception {
        int port = ((InetSocketAddress) server.start(0).localAddress()).getPort();
        List<Member> room = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            room.add(join(port, "a"));
        }
        Member elsewhere = join(port, "b");

        room.getFirst().connection().send("{\"text\":\"hej\"}".getBytes(StandardCharsets.UTF_8));

        for (Member other : room.subList(1, 4)) {
            assertThat(other.received().poll(5, TimeUnit.SECONDS)).isEqualTo("{\"text\":\"hej\"}");
        }
        elsewhere.connection().send("{\"text\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(room.get(1).received().poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(room.getFirst().received()).isEmpty();
    }
}
