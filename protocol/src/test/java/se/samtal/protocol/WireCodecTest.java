package se.samtal.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WireCodecTest {
    private final WireCodec codec = new WireCodec();

    @Test
    void textOutsideTheBasicPlaneIsWrittenAsItsUtf8BytesNotAsEscapes() {
        String emoji = "😀".repeat(3900);
        byte[] json = codec.encode(new ServerMessage.Error("1", ErrorCode.BAD_REQUEST, emoji, null));
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).contains(emoji).doesNotContain("\\u");
        assertThat(json.length).as("four bytes an emoji, not twelve").isLessThan(3900 * 4 + 200);
    }

    @Test
    void theIdOfAFrameIsReadWithoutTheRest() {
        assertThat(codec.idOf("{\"type\":\"ping\",\"id\":\"r7\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo("r7");
        assertThat(codec.idOf("{\"x\":{\"id\":\"inner\"},\"id\":\"outer\",\"type\":".getBytes(StandardCharsets.UTF_8)))
                .as("the top level's, even in a frame cut short after it").isEqualTo("outer");
        assertThat(codec.idOf("{\"id\":7}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(codec.idOf("[1]".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(codec.idOf(("{\"id\":\"" + "x".repeat(65) + "\"}").getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
