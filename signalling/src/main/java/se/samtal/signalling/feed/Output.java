package se.samtal.signalling.feed;

import java.util.List;

/**
 * What a committed change of a live session does for connections, in the order it happened. A
 * {@link SessionFeed} carries outputs out on each node for that node's connections.
 */
public sealed interface Output {

    /**
     * A fact on the session stream.
     *
     * @param privateTo null for a fact everyone may see, else the participant it is about (only they and hosts see it)
     */
    record Event(SessionFact.Numbered fact, String privateTo) implements Output {
        public long seq() {
            return fact.seq();
        }
    }

    /** A fact for one participant's connection (call partner, relayed signal, a question); not on the stream. */
    record Direct(String participantId, LinkRef link, SessionFact fact) implements Output {
    }

    /** Close a connection (after what was queued for it) and send it nothing more. */
    record Close(LinkRef link, int code, String reason) implements Output {
    }

    /** Send a connection nothing more (it left, or it is gone). */
    record Detach(LinkRef link) implements Output {
    }

    /**
     * A connection joins the delivery of this node: {@code bind} runs first, then {@code first} is
     * sent (the welcome, missed events, the call partner, open questions), then every event after
     * {@code afterSeq} it may see. Only ever for the node that made the change.
     */
    record Attach(ClientLink link, String participantId, boolean host, long afterSeq, List<SessionFact> first,
                  Runnable bind) implements Output {
        public Attach {
            first = List.copyOf(first);
        }
    }
}
