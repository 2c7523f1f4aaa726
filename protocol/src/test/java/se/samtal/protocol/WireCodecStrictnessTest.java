package se.samtal.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Frames are read strictly: one JSON object, no content after it, no key twice, no value of another JSON type converted. */
class WireCodecStrictnessTest {
    private final WireCodec codec = new WireCodec();

    private ProtocolException refusal(String frame) {
        return catchThrowableOfType(ProtocolException.class, () -> codec.decodeClient(frame));
    }

    @Test
    void aWellFormedRequestIsRead() throws Exception {
        var send = (ClientMessage.ChatSend) codec.decodeClient("{\"type\":\"chat.send\",\"id\":\"6\",\"idempotencyKey\":\"k\",\"text\":\"Hej\"}");
        assertThat(send.text()).isEqualTo("Hej");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"ping\",\"id\":\"1\"}{\"x\":1}",
            "{\"type\":\"ping\",\"id\":\"1\"}}{\"x\":1}",
            "{\"type\":\"ping\",\"id\":\"1\"} 7",
            "{\"type\":\"ping\",\"id\":\"1\",\"id\":\"2\"}",
            "{\"type\":\"ping\",\"type\":\"leave\",\"id\":\"2\"}",
    })
    void trailingContentAndDuplicateKeysAreMalformed(String frame) {
        assertThat(refusal(frame).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"ping\",\"id\":5}",
            "{\"type\":\"chat.send\",\"id\":\"6\",\"idempotencyKey\":\"k\",\"text\":42}",
            "{\"type\":\"chat.send\",\"id\":\"6\",\"idempotencyKey\":\"k\",\"text\":true}",
            "{\"type\":\"chat.history\",\"id\":\"6\",\"limit\":\"50\"}",
            "{\"type\":\"chat.history\",\"id\":\"6\",\"limit\":1.5}",
            "{\"type\":\"chat.mark\",\"id\":\"6\",\"readSeq\":99999999999999999999999}",
            "{\"type\":\"media.set\",\"id\":\"6\",\"microphone\":1}",
            "{\"type\":\"media.set\",\"id\":\"6\",\"camera\":\"true\"}",
            "{\"type\":\"hello\",\"id\":\"1\",\"lastSeq\":\"3\",\"resume\":\"x\"}",
    })
    void valuesOfAnotherJsonTypeAreNeverConverted(String frame) {
        assertThat(refusal(frame).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void aHelloWhoseTokenIsAnObjectIsRefusedAsAHello() {
        var refusal = refusal("{\"type\":\"hello\",\"id\":\"1\",\"token\":{\"a\":1}}");
        assertThat(refusal.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal.type()).isEqualTo("hello");
        assertThat(refusal.requestId()).isEqualTo("1");
        assertThat(refusal("{\"type\":\"hello\",\"id\":\"1\",\"token\":[\"x\"]}").type()).isEqualTo("hello");
    }

    @Test
    void framesAreReadAsUtf8NeverGuessedAsAnotherEncoding() {
        // Found by the fuzzer: '{' and NUL bytes made Jackson guess UTF-32 and fail with an untyped error.
        byte[] nulls = {'{', 0, 0, 0, '"', 's', 'y', 0x22, 0x09};
        var refusal = catchThrowableOfType(ProtocolException.class, () -> codec.decodeClient(nulls));
        assertThat(refusal.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertThat(catchThrowableOfType(ProtocolException.class, () -> codec.decodeClient(invalidUtf8)).code())
                .isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void aNumericIdIsNotEchoedAsText() {
        assertThat(refusal("{\"type\":\"ping\",\"id\":5}").requestId()).isNull();
    }
}
