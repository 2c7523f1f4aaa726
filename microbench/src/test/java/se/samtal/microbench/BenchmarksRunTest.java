package se.samtal.microbench;

import org.junit.jupiter.api.Test;

import java.util.List;

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
    void aCareMessageIsStoredWithTheEntryOfItsSendersHour() throws Exception {
        for (String traffic : List.of("busy", "sparse")) {
            var bench = new CareMessageAppendBench();
            bench.traffic = traffic;
            bench.open();
            try {
                bench.startCounting();
                var first = bench.alone();
                assertThat(first.duplicate()).isFalse();
                assertThat(first.message().seq()).isEqualTo(1);
                assertThat(first.opensHour()).isTrue();
                assertThat(first.chain()).matches("[0-9a-f]{64}");
                bench.sixteenAtOnce();
                assertThat(bench.entriesInTheTrail()).as(traffic).isEqualTo(bench.opened());
                if (traffic.equals("sparse")) {
                    assertThat(bench.opened()).as("an hour apart, every message opens one").isEqualTo(17);
                } else {
                    for (int i = 0; i < 20; i++) {
                        bench.sixteenAtOnce();
                    }
                    assertThat(bench.entriesInTheTrail()).isEqualTo(bench.opened());
                    assertThat(bench.opened()).as("337 messages a millisecond apart: only each of the 200 conversations' first")
                            .isLessThanOrEqualTo(200);
                }
                bench.printWriterCpu();
            } finally {
                bench.close();
            }
        }
    }
}
