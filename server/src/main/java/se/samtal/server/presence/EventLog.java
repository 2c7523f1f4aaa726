package se.samtal.server.presence;

import java.util.ArrayList;
import java.util.List;

/**
 * The most recent events of a session stream, kept so a client that reconnects can be sent what
 * it missed. A fixed-size ring: the oldest event is forgotten when a new one arrives. Not
 * thread-safe; the owning session guards it.
 */
final class EventLog {
    private final long[] seqs;
    private final EncodedMessage[] frames;
    private int start;
    private int size;

    EventLog(int capacity) {
        this.seqs = new long[capacity];
        this.frames = new EncodedMessage[capacity];
    }

    void append(long seq, EncodedMessage frame) {
        if (seqs.length == 0) {
            return;
        }
        int index = (start + size) % seqs.length;
        if (size == seqs.length) {
            start = (start + 1) % seqs.length;
        } else {
            size++;
        }
        seqs[index] = seq;
        frames[index] = frame;
    }

    /**
     * The events after {@code lastSeq}, or {@code null} if some of them are no longer kept.
     *
     * @param currentSeq the stream's latest sequence number
     */
    List<EncodedMessage> after(long lastSeq, long currentSeq) {
        if (lastSeq == currentSeq) {
            return List.of();
        }
        if (lastSeq > currentSeq || size == 0 || seqs[start] > lastSeq + 1) {
            return null;
        }
        var missed = new ArrayList<EncodedMessage>();
        for (int i = 0; i < size; i++) {
            int index = (start + i) % seqs.length;
            if (seqs[index] > lastSeq) {
                missed.add(frames[index]);
            }
        }
        return missed;
    }
}
