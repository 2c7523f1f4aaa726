package se.samtal.audit.chain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.AuditObject;
import se.samtal.audit.Subject;

import java.time.Instant;
import java.util.List;
import java.util.Random;

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

    /**
     * Entries are written in canonical form in one pass; the JCS library must give the same bytes
     * for any tree of what entries hold, with any text: every escape, control characters, quotes,
     * non-ASCII, characters outside the BMP, names that sort differently by code unit than by
     * code point, nesting. (Whole numbers only up to 2^53 - 1, as {@link AuditEvent} allows: JCS
     * spells numbers as doubles.)
     */
    @Test
    void theOnePassCanonicalFormIsWhatTheJcsLibraryWritesForAnyTree() {
        var random = new Random(20261122);
        for (int round = 0; round < 3000; round++) {
            var tree = object(random, 3);
            assertThat(EntryCodec.writeCanonical(tree)).isEqualTo(EntryCodec.canonicalize(tree));
        }
        assertThat(EntryCodec.canonical(7, ADMITTED)).isEqualTo(EntryCodec.canonicalize(EntryCodec.tree(7, ADMITTED)));
    }

    /** Entries written straight from their event are the JCS form of their tree, for any event. */
    @Test
    void anEntryWrittenStraightFromItsEventIsTheJcsFormOfItsTree() {
        var random = new Random(20261205);
        String[] refs = {"p-1", "patient-åäö", "a\"b", "z9", "ÄNNU", "x/y", "t\u00e9st"};
        int checked = 0;
        String[] keys = {"count", "firstSeq", "via", "seq", "duplicate", "zeta", "aLongerKey", "a1", "B".toLowerCase() + "X"};
        for (int round = 0; round < 2000; round++) {
            Actor actor = switch (random.nextInt(4)) {
                case 0 -> Actor.person(refs[random.nextInt(refs.length)], "patient");
                case 1 -> Actor.api("key-" + random.nextInt(100));
                case 2 -> Actor.anonymous();
                default -> Actor.system();
            };
            var action = AuditAction.values()[random.nextInt(AuditAction.values().length)];
            var builder = AuditEvent.builder(Instant.ofEpochMilli(random.nextLong(0, 4_000_000_000_000L)), "region-" + random.nextInt(9),
                    actor, action);
            switch (random.nextInt(4)) {
                case 0 -> builder.object(AuditObject.conversation("c_" + random.nextInt(1000)));
                case 1 -> builder.object(AuditObject.sessionChat("c_" + random.nextInt(1000), "s_" + random.nextInt(1000)));
                case 2 -> builder.object(AuditObject.session("s_" + random.nextInt(1000)));
                default -> { }
            }
            for (int i = random.nextInt(4); i > 0; i--) {
                builder.patients(List.of(refs[random.nextInt(refs.length)]));
            }
            for (int i = random.nextInt(5); i > 0; i--) {
                String key = keys[random.nextInt(keys.length)];
                switch (random.nextInt(3)) {
                    case 0 -> builder.detail(key, text(random).replaceAll("[\\u0000-\\u001f\\u007f\\u2028\\u2029\\ufeff\\uffff]", "x"));
                    case 1 -> builder.detail(key, random.nextLong(-AuditEvent.MAX_NUMBER, AuditEvent.MAX_NUMBER + 1));
                    default -> builder.detail(key, random.nextBoolean());
                }
            }
            if (random.nextBoolean()) {
                builder.request("ws:conn-" + random.nextInt(100) + ":" + random.nextInt(100));
            }
            if (random.nextInt(3) == 0) {
                builder.refused("forbidden");
            }
            if (random.nextInt(3) == 0) {
                builder.subject(new Subject(refs[random.nextInt(refs.length)], random.nextBoolean() ? "relative" : null));
            }
            AuditEvent event;
            try {
                event = builder.build();
            } catch (IllegalArgumentException notAnEvent) {
                continue; // what the event itself refuses is not the codec's to write
            }
            long seq = random.nextLong(1, AuditEvent.MAX_NUMBER);
            assertThat(EntryCodec.canonical(seq, event)).isEqualTo(EntryCodec.canonicalize(EntryCodec.tree(seq, event)));
            checked++;
        }
        assertThat(checked).as("events the builder took").isGreaterThan(1000);
    }

    private static final String[] PIECES = {"a", "Z", "0", "\"", "\\", "/", "\b", "\t", "\n", "\f", "\r", "\u0000",
            "\u001f", "\u007f", "å", "Ö", "€", "\u2028", "\u2029", "\ufeff", "\uffff", "😀", "\ud834\udd1e", "\ue000", " ", "<"};

    private static ObjectNode object(Random random, int depth) {
        var node = JsonNodeFactory.instance.objectNode();
        for (int i = random.nextInt(6); i >= 0; i--) {
            String name = text(random);
            switch (random.nextInt(depth > 0 ? 6 : 4)) {
                case 0 -> node.put(name, text(random));
                case 1 -> node.put(name, random.nextLong(-AuditEvent.MAX_NUMBER, AuditEvent.MAX_NUMBER + 1)); // JSON's exact whole numbers, as events hold
                case 2 -> node.put(name, random.nextInt(1000));
                case 3 -> node.put(name, random.nextBoolean());
                case 4 -> node.set(name, object(random, depth - 1));
                default -> {
                    var array = node.putArray(name);
                    for (int j = random.nextInt(4); j > 0; j--) {
                        array.add(text(random));
                    }
                }
            }
        }
        return node;
    }

    private static String text(Random random) {
        var text = new StringBuilder();
        for (int i = random.nextInt(10); i > 0; i--) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
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
