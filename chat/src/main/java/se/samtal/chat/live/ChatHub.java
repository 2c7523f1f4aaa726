package se.samtal.chat.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The fan-out of this node: who follows which conversation, and the order in which things
 * reach them. Per conversation there is one feed; everything that reaches subscribers is handed
 * to them with the feed locked, so all subscribers of a conversation see its events in the same
 * order. Writes that must be published in order of their sequence numbers go through
 * {@link #inOrder}.
 */
public final class ChatHub {
    private static final Logger log = LoggerFactory.getLogger(ChatHub.class);

    private final ConcurrentHashMap<ConversationKey, Feed> feeds = new ConcurrentHashMap<>();
    private final Executor fanout;

    /** @param fanout runs the steps after writes; never the database's writer thread */
    public ChatHub(Executor fanout) {
        this.fanout = fanout;
    }

    /** One conversation's subscribers and its chain of sequenced writes. Guarded by itself. */
    private static final class Feed {
        final ConversationKey key;
        final Map<String, Subscription> byConnection = new LinkedHashMap<>();
        CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        int inFlight;
        boolean retired;

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
                }
            }
        });
        return live[0];
    }

    /** Ends the connection's subscription to the conversation, if it has one. */
    public void unsubscribe(ConversationKey key, String connectionId) {
        ifFeed(key, feed -> {
            feed.byConnection.remove(connectionId);
            retireIfIdle(feed);
        });
    }

    /** Ends {@code subscription} if it is still the connection's current one. */
    public void unsubscribe(Subscription subscription) {
        ifFeed(subscription.key(), feed -> {
            feed.byConnection.remove(subscription.connectionId(), subscription);
            retireIfIdle(feed);
        });
    }

    /** Hands {@code event} to the subscribers {@code to} accepts. Nobody following: nothing happens. */
    public void publish(ConversationKey key, ChatEvent event, Predicate<Subscription> to) {
        ifFeed(key, feed -> {
            for (Subscription subscription : feed.byConnection.values()) {
                if (to.test(subscription)) {
                    subscription.offer(event);
                }
            }
        });
    }

    /** Tells the subscribers of the members {@code which} accepts (by ref) that they are cut off, and drops them. */
    public void revoke(ConversationKey key, Predicate<String> which, String reason) {
        ifFeed(key, feed -> {
            var revoked = new ChatEvent.Revoked(key.conversationId(), reason);
            var it = feed.byConnection.values().iterator();
            while (it.hasNext()) {
                Subscription subscription = it.next();
                if (which.test(subscription.memberRef())) {
                    subscription.subscriber().deliver(revoked);
                    it.remove();
                }
            }
            retireIfIdle(feed);
        });
    }

    /** The refs of the members with a connection following the conversation on this node. */
    public Set<String> connectedRefs(ConversationKey key) {
        var refs = new HashSet<String>();
        ifFeed(key, feed -> feed.byConnection.values().forEach(s -> refs.add(s.memberRef())));
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
