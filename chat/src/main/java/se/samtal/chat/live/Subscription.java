package se.samtal.chat.live;

import java.util.ArrayList;
import java.util.List;

/**
 * One connection following one conversation. It starts held: events are kept back while the
 * subscriber reads history, then {@link ChatHub#goLive} sends the reply to the subscribe
 * request, the events kept back that the history did not contain, and everything after. Guarded
 * by its conversation's feed.
 */
public final class Subscription {
    /** Events kept back while held at most; beyond this the subscribe fails and the client retries. */
    static final int MAX_HELD = 1024;

    private final ConversationKey key;
    private final String memberRef;
    private final ChatSubscriber subscriber;
    private List<ChatEvent> held = new ArrayList<>();
    private boolean overflowed;
    private long skipThrough;

    Subscription(ConversationKey key, String memberRef, ChatSubscriber subscriber) {
        this.key = key;
        this.memberRef = memberRef;
        this.subscriber = subscriber;
    }

    public ConversationKey key() {
        return key;
    }

    /** The platform's reference of the member following: kept in memory only, never sent or logged. */
    public String memberRef() {
        return memberRef;
    }

    public String connectionId() {
        return subscriber.connectionId();
    }

    ChatSubscriber subscriber() {
        return subscriber;
    }

    void offer(ChatEvent event) {
        if (event instanceof ChatEvent.MessagePosted posted && posted.message().seq() <= skipThrough) {
            return; // the subscriber had it in the history it read
        }
        if (held == null) {
            subscriber.deliver(event);
        } else if (held.size() < MAX_HELD) {
            held.add(event);
        } else {
            overflowed = true;
        }
    }

    /** Drops messages up to {@code seq}, sends {@code first}, then what was held; false (and nothing sent) if it overflowed. */
    boolean release(long seq, Runnable first) {
        if (overflowed) {
            return false;
        }
        skipThrough = seq;
        var events = held;
        held = null;
        first.run();
        events.forEach(this::offer);
        return true;
    }
}
