package se.samtal.audit.chain;

import org.junit.jupiter.api.Test;
import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.AuditObject;
import se.samtal.audit.Subject;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntryCodecTest {
    private static final AuditEvent ADMITTED = AuditEvent.builder(Instant.parse("2026-11-23T09:00:00.120456Z"), "region-x",
                    Actor.person("t-88c1", "therapist"), AuditAction.PARTICIPANT_ADMITTED)
            .object(AuditObject.session("s_1")).subject(new Subject("p-5f20", "patient"))
            .patients(List.of("pål-2", "p-5f20")).request("c_1/7").detail("waited", 42).detail("participant", "p_x").build();

    /** Written out by hand, and its hash computed outside Java: anyone can check an entry with any JCS and SHA-256. */
    private static final String CANONICAL = "{\"action\":\"participant.admitted\",\"actor\":{\"kind\":\"person\",\"ref\":\"t-88c1\","
            + "\"role\":\"therapist\"},\"at\":\"2026-11-23T09:00:00.120Z\",\"detail\":{\"participant\":\"p_x\",\"waited\":42},"
            + "\"object\":{\"id\":\"s_1\",\"type\":\"session\"},\"outcome\":\"success\",\"patients\":[\"p-5f20\",\"pål-2\"],"
            + "\"request\":\"c_1/7\",\"seq\":7,\"subject\":{\"ref\":\"p-5f20\",\"role\":\"patient\"},\"tenant\":\"region-x\",\"v\":1}";

    @Test
    void anEntryIsItsRfc8785JsonAndItsHashIsSha256OfThePreviousHashAndIt() {
        String canonical = EntryCodec.canonical(7, ADMITTED);

        assertThat(canonical).isEqualTo(CANONICAL);
        assertThat(ChainHash.of(ChainPoint.GENESIS.hash(), canonical))
                .isEqualTo("ba75a539b0ce5042facd78c923cce00f1d02a23ace58bb4ae29201b2c0febe76");
    }

    @Test
    void anEntryReadsBackAsTheSameEventAndTheSameBytes() {
        var decoded = EntryCodec.decode(CANONICAL);

        assertThat(decoded.seq()).isEqualTo(7);
        assertThat(decoded.event()).isEqualTo(ADMITTED);
        assertThat(EntryCodec.canonical(decoded.seq(), decoded.event())).isEqualTo(CANONICAL);
    }

    @Test
    void contentThatIsNotAnEntryIsRefusedByName() {
        assertThatThrownBy(() -> EntryCodec.decode("{\"v\":1}")).isInstanceOf(EntryCodec.MalformedEntryException.class);
        assertThatThrownBy(() -> EntryCodec.decode("not json")).isInstanceOf(EntryCodec.MalformedEntryException.class);
        assertThatThrownBy(() -> EntryCodec.decode(CANONICAL.replace("\"v\":1", "\"v\":1,\"body\":\"x\"")))
                .isInstanceOf(EntryCodec.MalformedEntryException.class);
        assertThatThrownBy(() -> EntryCodec.decode(CANONICAL.replace("participant.admitted", "participant.hugged")))
                .isInstanceOf(EntryCodec.MalformedEntryException.class);
    }

    @Test
    void anEventHoldsNoTextLongerThanAnIdAndNothingButTextNumbersAndBooleans() {
        var builder = AuditEvent.builder(Instant.EPOCH, "region-x", Actor.system(), AuditAction.CHAT_MESSAGE_SENT);
        assertThatThrownBy(() -> builder.detail("text", "x".repeat(201)).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditEvent.builder(Instant.EPOCH, "region-x", Actor.system(), AuditAction.CHAT_MESSAGE_SENT)
                .detail("range", List.of(1, 2)).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Actor.person("p\n1", "patient")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Actor.person("p-1", "Patient Name")).isInstanceOf(IllegalArgumentException.class);
    }
}
