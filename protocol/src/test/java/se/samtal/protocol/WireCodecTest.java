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

    /** A result as the ack carries it: records, lists, instants, nulls left out, text of any kind. */
    record Result(String text, long seq, java.time.Instant at, java.util.List<String> refs, Boolean flag, Result inner) {
    }

    @Test
    void anAckWrittenStraightFromItsResultIsTheSameAsTheAckOfItsTree() {
        var results = new java.util.ArrayList<Object>();
        results.add(null);
        results.add(new Result("hej 😀 \"å\"\n", 7, java.time.Instant.parse("2026-01-02T03:04:05.678Z"), java.util.List.of("a", "b"), null,
                new Result(null, -1, null, java.util.List.of(), true, null)));
        results.add(java.util.Map.of("unread", 3));
        results.add(codec.mapper().createObjectNode().put("already", "a tree"));
        for (String id : new String[]{"r1", null, "x".repeat(64)}) {
            for (Object result : results) {
                var tree = result == null ? null : codec.mapper().valueToTree(result);
                assertThat(new String(codec.encodeAck(id, result), StandardCharsets.UTF_8))
                        .isEqualTo(new String(codec.encode(new ServerMessage.Ack(id, (com.fasterxml.jackson.databind.JsonNode) tree)),
                                StandardCharsets.UTF_8));
            }
        }
    }
}
