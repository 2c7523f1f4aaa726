package se.samtal.loadtest.peer;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import se.samtal.protocol.WireCodec;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FramesTest {
    private final Frames frames = new Frames(new WireCodec().mapper());

    private static io.netty.buffer.ByteBuf utf8(String json) {
        return Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
    }

    @Test
    void headerReadsTypeIdAndTheMessageTextOfAChatEvent() {
        var frame = frames.header(utf8("""
                {"type":"chat.message","conversationId":"cv_1","message":{"seq":3,"sender":{"memberId":"m_1","name":"Tove"},
                 "text":"t=123 hej"}}"""));

        assertThat(frame.type()).isEqualTo("chat.message");
        assertThat(frame.id()).isNull();
        assertThat(frame.text()).isEqualTo("t=123 hej");
        assertThat(frame.tree()).isNull();
    }

    @Test
    void headerReadsTheCodeOfAnErrorReplyButNotNestedIds() {
        var frame = frames.header(utf8("""
                {"type":"error","id":"s42","code":"rate_limited","detail":{"id":"not-this","code":"nor-this"}}"""));

        assertThat(frame.isReply()).isTrue();
        assertThat(frame.isError()).isTrue();
        assertThat(frame.id()).isEqualTo("s42");
        assertThat(frame.code()).isEqualTo("rate_limited");
    }

    @Test
    void headerOfSomethingThatIsNotAnObjectIsEmpty() {
        var frame = frames.header(utf8("[1,2,3]"));

        assertThat(frame.type()).isNull();
        assertThat(frame.isReply()).isFalse();
    }

    @Test
    void fullKeepsTheTreeForPointerLookups() {
        var frame = frames.full(utf8("""
                {"type":"presence","seq":5,"participant":{"participantId":"p_1","stage":"admitted"}}"""));

        assertThat(frame.at("/participant/stage")).isEqualTo("admitted");
        assertThat(frame.at("/participant/missing")).isNull();
    }

    @Test
    void readingDoesNotConsumeTheBuffer() {
        var buffer = utf8("{\"type\":\"ack\",\"id\":\"r1\"}");
        frames.header(buffer);

        assertThat(frames.full(buffer).id()).isEqualTo("r1");
        assertThat(buffer.readableBytes()).isPositive();
    }
}
