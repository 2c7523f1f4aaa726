package se.samtal.sqlite;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the writer thread of a database remembers between pieces of work — rows it would
 * otherwise read again for every write (a conversation and its members for every message) — and
 * forgets whenever it might be wrong. Made with {@link SqliteDatabase#memo}; used only inside
 * work the writer runs, never from another thread.
 *
 * <p>The writer forgets everything every memo of its database holds when a piece of work fails
 * (its changes are rolled back), when a batch is not committed, and before any piece of work
 * submitted with {@link SqliteDatabase#submit} or {@link SqliteDatabase#write}: such work may
 * change any row. Work submitted with {@link SqliteDatabase#submitKeepingMemos} keeps them and
 * must itself put or remove what it changes. So a memo never holds more than the rows as the
 * last committed (or the current batch's successful) work left them.
 *
 * <p>A memo made with {@link SqliteDatabase#memoOfOwnRows} holds only rows that no other work
 * writes (its owner's own tables): it is kept across work submitted with {@link SqliteDatabase#submit},
 * and forgotten only when a piece of work fails or a batch is not committed. Its owner removes
 * what it changes itself in such work.
 *
 * <p>At most {@code maxEntries} are kept; the least recently used goes first.
 */
public final class WriterMemo<K, V> {
    private final Map<K, V> entries;
    private final boolean ownRows;

    WriterMemo(int maxEntries, boolean ownRows) {
        this.ownRows = ownRows;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** What is remembered for {@code key}; null: nothing (read it from the database). */
    public V get(K key) {
        return entries.get(key);
    }

    public void put(K key, V value) {
        entries.put(key, value);
    }

    public void remove(K key) {
        entries.remove(key);
    }

    int size() {
        return entries.size();
    }

    void clear() {
        entries.clear();
    }

    /** Whether it holds only rows no other work writes (kept across other work). */
    boolean ownRows() {
        return ownRows;
    }
}
