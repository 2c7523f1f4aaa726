package se.samtal.signalling.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The most recent events of a session stream, kept so a client that reconnects can be sent what
 * it missed. A fixed-size ring: the oldest event is forgotten when a new one arrives. Not
 * thread-safe; the owning session guards it.
 *
 * <p>An event may be private to hosts and one participant (someone who has never been let in);
 * such events carry that participant's id and are replayed only to whom the caller allows.
 */
final class EventLog {
    private final long[] seqs;
    private final SessionFact.Numbered[] facts;
    private final String[] privateTo;
    private int start;
    private int size;

    EventLog(int capacity) {
        this.seqs = new long[capacity];
        this.facts = new SessionFact.Numbered[capacity];
        this.privateTo = new String[capacity];
    }

    void append(SessionFact.Numbered fact) {
        append(fact, null);
    }

    /** @param privateSubject null for an event everyone may see, else the participant it is private to (and hosts) */
    void append(SessionFact.Numbered fact, String privateSubject) {
        if (seqs.length == 0) {
            return;
        }
        int index = (start + size) % seqs.length;
        if (size == seqs.length) {
            start = (start + 1) % seqs.length;
        } else {
            size++;
        }
        seqs[index] = fact.seq();
        facts[index] = fact;
        privateTo[index] = privateSubject;
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
        if (lastSeq > currentSeq || size == 0 || seqs[start] > lastSeq + 1) {
            return null;
        }
        var missed = new ArrayList<SessionFact.Numbered>();
        for (int i = 0; i < size; i++) {
            int index = (start + i) % seqs.length;
            if (seqs[index] > lastSeq && (privateTo[index] == null || maySee.test(privateTo[index]))) {
                missed.add(facts[index]);
            }
        }
        return missed;
    }
}
