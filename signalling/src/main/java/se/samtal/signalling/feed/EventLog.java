package se.samtal.signalling.feed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The most recent events of a session stream, kept so a client that reconnects can be sent what
 * it missed. A ring of at most {@code capacity} events: the oldest event is forgotten when a new
 * one arrives and the ring is full. The ring starts small and doubles as events come, so a
 * session that has had a handful of events holds room for a handful, not for {@code capacity}.
 * Not thread-safe; the owning session guards it.
 *
 * <p>An event may be private to hosts and one participant (someone who has never been let in);
 * such events carry that participant's id and are replayed only to whom the caller allows.
 */
final class EventLog {
    /** Room for the events of a session's first moments (joins, a let-in, a call). */
    private static final int FIRST_ROOM = 8;

    private final int capacity;
    private SessionFact.Numbered[] facts;
    /** The subject of each private event at the same index as {@link #facts}; null until the first private event. */
    private String[] privateTo;
    private int start;
    private int size;

    EventLog(int capacity) {
        this.capacity = capacity;
        this.facts = new SessionFact.Numbered[Math.min(capacity, FIRST_ROOM)];
    }

    void append(SessionFact.Numbered fact) {
        append(fact, null);
    }

    /** @param privateSubject null for an event everyone may see, else the participant it is private to (and hosts) */
    void append(SessionFact.Numbered fact, String privateSubject) {
        if (capacity == 0) {
            return;
        }
        if (size == facts.length && size < capacity) {
            grow();
        }
        if (privateSubject != null && privateTo == null) {
            privateTo = new String[facts.length];
        }
        int index = (start + size) % facts.length;
        if (size == facts.length) {
            start = (start + 1) % facts.length;
        } else {
            size++;
        }
        facts[index] = fact;
        if (privateTo != null) {
            privateTo[index] = privateSubject;
        }
    }

    /** Doubles the ring (up to its capacity), the oldest event first. */
    private void grow() {
        int room = (int) Math.min(capacity, 2L * facts.length);
        facts = unrolled(facts, room);
        if (privateTo != null) {
            privateTo = unrolled(privateTo, room);
        }
        start = 0;
    }

    private <T> T[] unrolled(T[] ring, int room) {
        T[] copy = Arrays.copyOf(ring, room);
        for (int i = 0; i < size; i++) {
            copy[i] = ring[(start + i) % ring.length];
        }
        return copy;
    }

    List<SessionFact.Numbered> after(long lastSeq, long currentSeq) {
        return after(lastSeq, currentSeq, subject -> true);
    }

    /**
     * The events after {@code lastSeq} that the reader may see, or {@code null} if some of them
     * are no longer kept.
     *
     * @param currentSeq the stream's latest sequence number
     * @param maySee     given the subject of a private event, whether the reader may see it
     */
    List<SessionFact.Numbered> after(long lastSeq, long currentSeq, Predicate<String> maySee) {
        if (lastSeq == currentSeq) {
            return List.of();
        }
        if (lastSeq > currentSeq || size == 0 || facts[start].seq() > lastSeq + 1) {
            return null;
        }
        var missed = new ArrayList<SessionFact.Numbered>();
        for (int i = 0; i < size; i++) {
            int index = (start + i) % facts.length;
            String subject = privateTo == null ? null : privateTo[index];
            if (facts[index].seq() > lastSeq && (subject == null || maySee.test(subject))) {
                missed.add(facts[index]);
            }
        }
        return missed;
    }
}
