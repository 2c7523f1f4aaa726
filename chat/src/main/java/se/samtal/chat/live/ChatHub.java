package se.samtal.chat.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The fan-out of this node: who follows which conversation, and the order in which things
 * reach them. Per conversation there is one feed; everything that reaches subscribers is handed
 * to them with the feed locked, so all subscribers of a conversation see its events in the same
 * order. Writes that must be published in order of their sequence numbers go through
 * {@link #inOrder}.
 *
 * <p>Embedded, a published event is handed on at once. In cluster mode it goes over the
 * {@link ChatBus} and comes back to every node's hub ({@link #received}) in one order; each node
 * hands messages on in {@code seq} order, each once, reading from the store any it missed.
 */
public final class ChatHub {
    private static final Logger log = LoggerFactory.getLogger(ChatHub.class);
    /** Messages read from the store at once when a node finds a gap. */
    private static final int BACKFILL_PAGE = 100;

    private final ConcurrentHashMap<ConversationKey, Feed> feeds = new ConcurrentHashMap<>();
    private final Executor fanout;
    private final ChatBus bus;
    private final Backfill backfill;

    /** @param fanout runs the steps after writes; never the database's writer thread */
    public ChatHub(Executor fanout) {
        this(fanout, null, null);
    }

    /**
     * @param bus      carries events to every node (cluster mode); null: this node is all there is
     * @param backfill reads messages a node missed (cluster mode)
     */
    public ChatHub(Executor fanout, ChatBus bus, Backfill backfill) {
        this.fanout = fanout;
        this.bus = bus;
        this.backfill = backfill;
    }

    /** One conversation's subscribers and its chain of sequenced writes. Guarded by itself. */
    private static final class Feed {
        final ConversationKey key;
        final Map<String, Subscription> byConnection = new LinkedHashMap<>();
        CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        int inFlight;
        boolean retired;
        /** Cluster mode: the last message handed on here (-1: none yet), and the writers' connections of this node's messages. */
        long delivered = -1;
        final Map<Long, String> writers = new HashMap<>();

        Feed(ConversationKey key) {
            this.key = key;
        }
    }

    private <R> R withFeed(ConversationKey key, Function<Feed, R> work) {
        while (true) {
            Feed feed = feeds.computeIfAbsent(key, Feed::new);
            synchronized (feed) {
                if (!feed.retired) {
                    return work.apply(feed);
                }
            }
        }
    }

    private void ifFeed(ConversationKey key, java.util.function.Consumer<Feed> work) {
        Feed feed = feeds.get(key);
        if (feed != null) {
            synchronized (feed) {
                if (!feed.retired) {
                    work.accept(feed);
                }
            }
        }
    }

    /** Called with the feed locked: forgets it once nobody follows it and no write is on its way. */
    private void retireIfIdle(Feed feed) {
        if (feed.byConnection.isEmpty() && feed.inFlight == 0) {
            feed.retired = true;
            feeds.remove(feed.key, feed);
        }
    }

    /**
     * Starts a held subscription (replacing the connection's earlier one to the same
     * conversation). Events are kept back until {@link #goLive}.
     */
    public Subscription subscribe(ConversationKey key, String memberRef, ChatSubscriber subscriber) {
        return withFeed(key, feed -> {
            var subscription = new Subscription(key, memberRef, subscriber);
            feed.byConnection.put(subscriber.connectionId(), subscription);
            return subscription;
        });
    }

    /**
     * Sends {@code reply} to the subscriber, then the events kept back (messages after
     * {@code seenThrough} only: the subscriber read the others), and lets later events through.
     *
     * @return false if the subscription was dropped or too much was kept back; nothing was sent then
     */
    public boolean goLive(Subscription subscription, long seenThrough, Runnable reply) {
        boolean[] live = {false};
        ifFeed(subscription.key(), feed -> {
            if (feed.byConnection.get(subscription.connectionId()) == subscription) {
                live[0] = subscription.release(seenThrough, reply);
                if (!live[0]) {
                    feed.byConnection.remove(subscription.connectionId());
                    retireIfIdle(feed);
                } else if (feed.delivered < 0) {
                    feed.delivered = seenThrough;
                }
            }
        });
        if (live[0] && bus != null) {
            bus.followed(subscription.key(), subscription.connectionId(), subscription.memberRef());
        }
        return live[0];
    }

    /** Ends the connection's subscription to the conversation, if it has one. */
    public void unsubscribe(ConversationKey key, String connectionId) {
        ifFeed(key, feed -> {
            if (feed.byConnection.remove(connectionId) != null && bus != null) {
                bus.unfollowed(key, connectionId);
            }
            retireIfIdle(feed);
        });
    }

    /** Ends {@code subscription} if it is still the connection's current one. */
    public void unsubscribe(Subscription subscription) {
        ifFeed(subscription.key(), feed -> {
            if (feed.byConnection.remove(subscription.connectionId(), subscription) && bus != null) {
                bus.unfollowed(subscription.key(), subscription.connectionId());
            }
            retireIfIdle(feed);
        });
    }

    /** Hands {@code event} to the subscribers in {@code audience}, on every node. Nobody following: nothing happens. */
    public void publish(ConversationKey key, ChatEvent event, Audience audience) {
        if (bus == null) {
            deliver(key, event, audience);
            return;
        }
        if (event instanceof ChatEvent.MessagePosted posted && audience.exceptConnection() != null) {
            // If this message is missed and read back from the store, its writer still must not get it.
            ifFeed(key, feed -> feed.writers.put(posted.message().seq(), audience.exceptConnection()));
        }
        bus.publish(key, event, audience);
    }

    /** Tells the subscribers of {@code memberRef} (null: of everyone) that they are cut off, and drops them. */
    public void revoke(ConversationKey key, String memberRef, String reason) {
        publish(key, new ChatEvent.Revoked(key.conversationId(), reason), Audience.only(memberRef));
    }

    /**
     * An event from the bus (cluster mode): handed on in the order the bus brought it, after this
     * node's own writes that were under way; a message this node missed is read from the store
     * first, one already handed on is skipped.
     */
    public void received(ConversationKey key, ChatEvent event, Audience audience) {
        ifFeed(key, feed -> {
            feed.inFlight++;
            feed.tail = feed.tail.handleAsync((ignored, failure) -> {
                try {
                    if (event == null) {
                        catchUp(feed, Long.MAX_VALUE);
                    } else {
                        if (event instanceof ChatEvent.MessagePosted posted) {
                            catchUp(feed, posted.message().seq() - 1);
                        }
                        deliver(key, event, audience);
                    }
                } catch (RuntimeException e) {
                    log.atError().setMessage("Handing on a conversation's event failed").addKeyValue("tenant", key.tenantId())
                            .addKeyValue("conversation", key.conversationId()).setCause(e).log();
                } finally {
                    synchronized (feed) {
                        feed.inFlight--;
                        retireIfIdle(feed);
                    }
                }
                return null;
            }, fanout);
        });
    }

    /** After the bus was down (cluster mode): the messages each followed conversation got meanwhile. */
    public void caughtUp() {
        feeds.values().forEach(feed -> received(feed.key, null, Audience.EVERYONE));
    }

    /** Hands on, from the store, the messages after what this node handed on, up to {@code throughSeq}. */
    private void catchUp(Feed feed, long throughSeq) {
        long from;
        synchronized (feed) {
            from = feed.delivered;
        }
        while (from >= 0 && from < throughSeq && backfill != null) {
            List<se.samtal.chat.message.Message> missed = backfill.after(feed.key, from, BACKFILL_PAGE);
            for (var message : missed) {
                if (message.seq() > throughSeq) {
                    return;
                }
                String writer;
                synchronized (feed) {
                    writer = feed.writers.get(message.seq());
                }
                deliver(feed.key, new ChatEvent.MessagePosted(message), writer == null ? Audience.EVERYONE : Audience.exceptConnection(writer));
                from = message.seq();
            }
            if (missed.size() < BACKFILL_PAGE) {
                return;
            }
        }
    }

    /** Hands an event to this node's subscribers in {@code audience}. */
    private void deliver(ConversationKey key, ChatEvent event, Audience audience) {
        ifFeed(key, feed -> {
            if (event instanceof ChatEvent.MessagePosted posted && bus != null) {
                long seq = posted.message().seq();
                if (feed.delivered >= 0 && seq <= feed.delivered) {
                    return; // handed on already (read back from the store before its event came)
                }
                feed.delivered = seq;
                feed.writers.keySet().removeIf(s -> s <= seq);
            }
            if (event instanceof ChatEvent.Revoked) {
                var it = feed.byConnection.values().iterator();
                while (it.hasNext()) {
                    Subscription subscription = it.next();
                    if (audience.includes(subscription)) {
                        subscription.subscriber().deliver(event);
                        it.remove();
                        if (bus != null) {
                            bus.unfollowed(key, subscription.connectionId());
                        }
                    }
                }
                retireIfIdle(feed);
                return;
            }
            for (Subscription subscription : feed.byConnection.values()) {
                if (audience.includes(subscription)) {
                    subscription.offer(event);
                }
            }
        });
    }

    /** The refs of the members with a connection following the conversation (on any node). Blocks in cluster mode. */
    public Set<String> connectedRefs(ConversationKey key) {
        var refs = new HashSet<String>();
        ifFeed(key, feed -> feed.byConnection.values().forEach(s -> refs.add(s.memberRef())));
        if (bus != null) {
            refs.addAll(bus.followersElsewhere(key));
        }
        return refs;
    }

    /**
     * Starts {@code write} (with the feed locked, so writes start in the order of these calls)
     * and, once it is done and every earlier write of the conversation has had its turn, runs
     * {@code then} with its result or failure on the fan-out executor. The returned future
     * completes after {@code then}, with the write's outcome.
     *
     * @param write must return at once (queue the write), not wait for it
     */
    public <T> CompletableFuture<T> inOrder(ConversationKey key, Supplier<CompletableFuture<T>> write,
                                            BiConsumer<? super T, ? super Throwable> then) {
        var done = new CompletableFuture<T>();
        withFeed(key, feed -> {
            CompletableFuture<T> written = write.get();
            feed.inFlight++;
            feed.tail = feed.tail
                    .thenCompose(ignored -> written.handle((result, failure) -> (Void) null))
                    .handleAsync((ignored, failure) -> {
                        finish(feed, written, then, done);
                        return null;
                    }, fanout);
            return null;
        });
        return done;
    }

    private <T> void finish(Feed feed, CompletableFuture<T> written, BiConsumer<? super T, ? super Throwable> then,
                            CompletableFuture<T> done) {
        T result = null;
        Throwable failure = null;
        try {
            result = written.join();
        } catch (CompletionException e) {
            failure = e.getCause() != null ? e.getCause() : e;
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            then.accept(result, failure);
        } catch (RuntimeException e) {
            log.atError().setMessage("Publishing a write failed").addKeyValue("tenant", feed.key.tenantId())
                    .addKeyValue("conversation", feed.key.conversationId()).setCause(e).log();
        } finally {
            synchronized (feed) {
                feed.inFlight--;
                retireIfIdle(feed);
            }
        }
        if (failure != null) {
            done.completeExceptionally(failure);
        } else {
            done.complete(result);
        }
    }

    /** Conversations with a feed on this node (followed, or with a write on its way). */
    public int activeFeeds() {
        return feeds.size();
    }
}
