package se.samtal.signalling.feed;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The connections of one live session on this node, and what reaches them. Outputs come in the
 * order of the session's stream: each event goes to every attached connection that may see it
 * (hosts see everyone; someone never let in is seen by hosts and themselves) and that was
 * attached before it. A connection that attaches gets its first facts (the welcome), then the
 * events after the welcome's {@code seq} that this node has already sent on, then everything
 * after. Keeps the recent events ({@link EventLog}) for that, and, embedded, for resuming clients.
 * Thread-safe.
 */
public final class SessionFeed {
    private final String node;
    private final String streamId;
    private final EventLog recent;
    private final Map<String, Local> links = new LinkedHashMap<>(4); // room for a visit's two or three before it grows
    private long delivered;

    /** A connection of this node, the participant it holds the place of, and the events it has had by its welcome. */
    private record Local(ClientLink link, String participantId, boolean host, long afterSeq) {
    }

    /**
     * @param node      this node's id: outputs for other nodes' connections are not for this feed
     * @param afterSeq  events up to this one were sent before this feed existed
     * @param keep      how many recent events to keep
     */
    public SessionFeed(String node, String streamId, long afterSeq, int keep) {
        this.node = node;
        this.streamId = streamId;
        this.delivered = afterSeq;
        this.recent = new EventLog(keep);
    }

    public String streamId() {
        return streamId;
    }

    /** The last event handed on. */
    public synchronized long delivered() {
        return delivered;
    }

    /**
     * Carries out outputs of committed changes, in order. Events must come in sequence: an event
     * at or below {@link #delivered()} was already handed on and is skipped; the caller fills gaps
     * before (cluster mode: from Redis).
     */
    public synchronized void deliver(List<Output> outputs) {
        for (Output output : outputs) {
            switch (output) {
                case Output.Event e -> {
                    if (e.seq() > delivered) {
                        delivered = e.seq();
                        recent.append(e.fact(), e.privateTo());
                        for (Local local : links.values()) {
                            if (e.seq() > local.afterSeq() && maySee(local, e.privateTo())) {
                                local.link().send(e.fact());
                            }
                        }
                    }
                }
                case Output.Direct d -> {
                    Local local = mine(d.link());
                    if (local != null) {
                        local.link().send(d.fact());
                    }
                }
                case Output.Close c -> {
                    Local local = mine(c.link());
                    if (local != null) {
                        links.remove(c.link().connection());
                        local.link().close(c.code(), c.reason());
                    }
                }
                case Output.Detach d -> {
                    if (node.equals(d.link().node())) {
                        links.remove(d.link().connection());
                    }
                }
                case Output.Attach a -> {
                    if (!attach(a, List.of())) {
                        throw new IllegalStateException("an attach in order found its events gone");
                    }
                }
            }
        }
    }

    /**
     * Attaches a connection (see {@link Output.Attach}). Returns false, having done nothing, if
     * events it must be sent after its first facts are no longer kept here: then the caller
     * fetches them (from where the stream is kept) and calls again with them in {@code fetched}.
     */
    public synchronized boolean attach(Output.Attach a, List<Output.Event> fetched) {
        List<SessionFact.Numbered> since = List.of();
        if (delivered > a.afterSeq()) {
            since = recent.after(a.afterSeq(), delivered, subject -> a.host() || subject.equals(a.participantId()));
            if (since == null) {
                if (fetched.isEmpty() || fetched.getFirst().seq() > a.afterSeq() + 1 || fetched.getLast().seq() < delivered) {
                    return false;
                }
                since = new ArrayList<>();
                for (Output.Event e : fetched) {
                    if (e.seq() > a.afterSeq() && e.seq() <= delivered
                            && (e.privateTo() == null || a.host() || e.privateTo().equals(a.participantId()))) {
                        since.add(e.fact());
                    }
                }
            }
        }
        a.bind().run();
        a.first().forEach(a.link()::send);
        since.forEach(a.link()::send);
        links.put(a.link().connectionId(), new Local(a.link(), a.participantId(), a.host(), Math.max(a.afterSeq(), delivered)));
        return true;
    }

    /** Sends this connection nothing more. */
    public synchronized void detach(String connectionId) {
        links.remove(connectionId);
    }

    /** The recent events after {@code lastSeq} that the reader may see, or null if some are no longer kept here. */
    public synchronized List<SessionFact.Numbered> recentAfter(long lastSeq, long currentSeq, Predicate<String> maySee) {
        return recent.after(lastSeq, currentSeq, maySee);
    }

    /** The connections attached here, by participant id (for resending call partners after a gap). */
    public synchronized Map<String, ClientLink> attached() {
        var byParticipant = new LinkedHashMap<String, ClientLink>();
        links.values().forEach(l -> byParticipant.put(l.participantId(), l.link()));
        return byParticipant;
    }

    /** Closes every attached connection (this node can no longer serve the session) and forgets them. */
    public synchronized void closeAll(int code, String reason) {
        for (Iterator<Local> it = links.values().iterator(); it.hasNext(); ) {
            it.next().link().close(code, reason);
            it.remove();
        }
    }

    public synchronized boolean isEmpty() {
        return links.isEmpty();
    }

    private Local mine(LinkRef link) {
        if (!node.equals(link.node())) {
            return null;
        }
        Local local = links.get(link.connection());
        return local != null && local.link().connectionId().equals(link.connection()) ? local : null;
    }

    private static boolean maySee(Local local, String privateTo) {
        return privateTo == null || local.host() || local.participantId().equals(privateTo);
    }
}
