package se.samtal.microbench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.AuditObject;
import se.samtal.audit.Outcome;
import se.samtal.audit.chain.AuditEntry;
import se.samtal.audit.chain.ChainPoint;

import java.time.Instant;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** One hash-chained audit entry as the writer makes it: its canonical JSON (RFC 8785) and SHA-256 over the chain. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AuditEntryBench {
    private AuditEvent event;
    private ChainPoint head;

    @Setup
    public void setUp() {
        var detail = new TreeMap<String, Object>();
        detail.put("seq", 1042L);
        var patients = new TreeSet<String>();
        patients.add("p-5f20");
        event = new AuditEvent(Instant.parse("2026-12-05T10:15:30.123Z"), "region-skane", Actor.person("p-5f20", "patient"),
                AuditAction.CHAT_MESSAGE_SENT, AuditObject.conversation("c_7Hq2mX9pL4vN8rT1"), null, patients, Outcome.SUCCESS,
                null, "w_Q2x9:41", detail);
        head = new ChainPoint(981_223, "9f2c1a7e4b6d8c0f3e5a7b9d1c3e5f7a9b1d3f5e7c9a1b3d5f7e9c1a3b5d7f9e");
    }

    @Benchmark
    public AuditEntry chainedEntry() {
        return AuditEntry.after(head, event);
    }
}
