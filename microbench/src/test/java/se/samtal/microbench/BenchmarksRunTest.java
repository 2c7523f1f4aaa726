package se.samtal.microbench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every benchmark's setup and operation run once, so that none rots between bin/microbench runs. */
class BenchmarksRunTest {

    @Test
    void framesAreDecodedAndEncoded() throws Exception {
        var bench = new FrameCodecBench();
        bench.setUp();
        assertThat(bench.decodeChatSend().getClass().getSimpleName()).isEqualTo("ChatSend");
        assertThat(new String(bench.encodeAck())).contains("\"type\":\"ack\"").contains("\"seq\":1042");
        assertThat(new String(bench.encodeChatMessage(), java.nio.charset.StandardCharsets.UTF_8)).contains("övningen");
    }

    @Test
    void anAuditEntryIsChained() {
        var bench = new AuditEntryBench();
        bench.setUp();
        var entry = bench.chainedEntry();
        assertThat(entry.seq()).isEqualTo(981_224);
        assertThat(entry.hash()).hasSize(64);
    }

    @Test
    void aRowIsAppendedDurably() throws Exception {
        var bench = new DurableAppendBench();
        bench.open();
        try {
            assertThat(bench.alone()).isEqualTo(1);
            assertThat(bench.sixteenAtOnce()).isEqualTo(1);
        } finally {
            bench.close();
        }
    }

    @Test
    void aCareMessageIsStoredWithItsAuditEntry() throws Exception {
        var bench = new CareMessageAppendBench();
        bench.open();
        try {
            bench.startCounting();
            var first = bench.alone();
            assertThat(first.duplicate()).isFalse();
            assertThat(first.message().seq()).isEqualTo(1);
            bench.sixteenAtOnce();
            assertThat(bench.entriesInTheTrail()).isEqualTo(17);
            bench.printWriterCpu();
        } finally {
            bench.close();
        }
    }
}
