package se.samtal.signalling.live.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.redis.ShardedSubscription;
import se.samtal.signalling.feed.SessionFact;
import se.samtal.signalling.live.LiveSessionsContract;
import se.samtal.signalling.live.SessionKey;
import se.samtal.signalling.live.SessionSpace;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live-sessions contract with the Redis space: three nodes sharing one Redis (connections
 * join through them in turn), each listening to the tenant's bus as a real node does; and what
 * only a cluster has, lost nodes. Subclasses say which Redis.
 */
abstract class LiveSessionsOnRedis extends LiveSessionsContract {
    private final List<SessionSpace> spaces = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    protected abstract Redis redis();

    @BeforeEach
    void startNodes() {
        Redis redis = redis();
        var keys = new KeySpace("test-" + UUID.randomUUID());
        var liveKeys = new LiveKeys(keys);
        for (int i = 0; i < 3; i++) {
            var blocking = Executors.newVirtualThreadPerTaskExecutor();
            var feeds = new ClusterFeeds("n" + i, redis, liveKeys, blocking);
            var space = new RedisSessionSpace("n" + i, redis, liveKeys, 256, feeds, List.of(TENANT), CLOCK, timers, blocking,
                    key -> { });
            var subscription = ShardedSubscription.start(redis, List.of(liveKeys.bus(TENANT)), new ShardedSubscription.Listener() {
                @Override
                public void message(String channel, String message) {
                    feeds.received(message);
                }

                @Override
                public void subscribed(List<String> channels) {
                    feeds.caughtUp(TENANT);
                }
            }, Duration.ofMillis(500));
            await().until(subscription::isUp);
            spaces.add(space);
            closing.add(subscription);
            closing.add(space);
        }
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        timers.shutdownNow();
    }

    @Test
    void theParticipantsOfALostNodeTurnReconnectingAndGoOnlyAfterTheGraceOnce() {
        var booking = book();
        var therapist = join(0, booking, "t-1", Role.THERAPIST);
        var patient = join(1, booking, "p-1", Role.PATIENT);
        var key = new SessionKey(TENANT, booking.id());

        nodes().get(2).nodeLost(key, "n1");
        nodes().get(0).nodeLost(key, "n1"); // two survivors taking over at once change nothing more

        await().atMost(Duration.ofSeconds(10)).until(() -> left.contains(patient.participantId() + ":disconnected"));
        assertThat(therapist.link().received(SessionFact.ParticipantChanged.class)).extracting(p -> p.participant().presence())
                .containsExactly(PresenceState.JOINED, PresenceState.RECONNECTING, PresenceState.DISCONNECTED);
        assertThat(left).containsExactly(patient.participantId() + ":disconnected");
    }

    @Override
    protected List<SessionSpace> spaces() {
        return spaces;
    }
}
