package se.samtal.server.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisEndpoint;
import se.samtal.redis.testing.RedisServer;
import se.samtal.signalling.live.SessionKey;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How nodes notice each other's loss, with a clock the test moves: a node that stops beating is
 * taken over once, by one survivor, after the timeout of watching it; its sessions are handed to
 * the takeover; a Redis outage does not make nodes take each other for gone; a node that was
 * taken for gone finds out.
 */
class ClusterNodesIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static RedisServer server;
    private static Redis redis;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.startDurable(); // restarted in a test: what it had must survive
        redis = Redis.connect(RedisEndpoint.parse(server.url()), Redis.Options.DEFAULTS);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        server.close();
    }

    /** What a node's cluster did on losses. */
    private static final class Heard implements ClusterNodes.Losses {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void sessionOfLostNode(SessionKey session, String lost) {
            events.add(lost + " " + session.sessionId());
        }

        @Override
        public void nodeLost(String lost) {
            events.add(lost + " gone");
        }

        @Override
        public void thisNodeWasTakenForGone() {
            events.add("taken for gone");
        }
    }

    @Test
    void aNodeThatStopsBeatingIsTakenOverOnceAfterTheTimeout() {
        var keys = new KeySpace("test-" + UUID.randomUUID());
        var clock = new AtomicLong();
        var a = new ClusterNodes("a", redis, keys, TIMEOUT, clock::get);
        var b = new ClusterNodes("b", redis, keys, TIMEOUT, clock::get);
        var c = new ClusterNodes("c", redis, keys, TIMEOUT, clock::get);
        var heardA = new Heard();
        var heardB = new Heard();
        var heardC = new Heard();
        c.joining(new SessionKey("region-a", "s_1"));
        c.joining(new SessionKey("region-a", "s_2"));
        for (var node : List.of(a, b, c)) {
            node.beat((n, e) -> { }, new Heard());
        }
        a.beat((n, e) -> { }, heardA);
        b.beat((n, e) -> { }, heardB);

        clock.addAndGet(TIMEOUT.toNanos() - 1); // c is silent, but not for long enough
        a.beat((n, e) -> { }, heardA);
        b.beat((n, e) -> { }, heardB);
        assertThat(heardA.events).isEmpty();

        clock.addAndGet(1);
        a.beat((n, e) -> { }, heardA);
        b.beat((n, e) -> { }, heardB);
        var all = new java.util.ArrayList<>(heardA.events);
        all.addAll(heardB.events);
        assertThat(all).as("one survivor takes over, once").containsExactlyInAnyOrder("c s_1", "c s_2", "c gone");

        c.beat((n, e) -> { }, heardC);
        assertThat(heardC.events).containsExactly("taken for gone");
    }

    @Test
    void watchingStartsAfreshAfterRedisWasAwaySoNobodyIsTakenForGone() {
        var keys = new KeySpace("test-" + UUID.randomUUID());
        var clock = new AtomicLong();
        var a = new ClusterNodes("a", redis, keys, TIMEOUT, clock::get);
        var b = new ClusterNodes("b", redis, keys, TIMEOUT, clock::get);
        var heard = new Heard();
        a.beat((n, e) -> { }, heard);
        b.beat((n, e) -> { }, heard);
        a.beat((n, e) -> { }, heard);

        server.kill();
        var failures = new CopyOnWriteArrayList<Throwable>();
        clock.addAndGet(TIMEOUT.toNanos() * 3); // Redis away for longer than the timeout
        a.beat((n, e) -> failures.add(e), heard);
        assertThat(failures).hasSize(1);
        server.restart();
        a.beat((n, e) -> failures.add(e), heard);
        clock.addAndGet(1);
        b.beat((n, e) -> failures.add(e), heard);
        a.beat((n, e) -> failures.add(e), heard);
        assertThat(heard.events).isEmpty();
    }

    /**
     * Under load a node's pool of Redis connections can be empty for seconds ("Could not get a
     * resource from the pool"): its heartbeat does not wait for the pool, so it goes on beating and
     * no other node takes it for gone.
     */
    @Test
    void aNodeWhosePoolIsStarvedStillBeatsAndIsNotTakenForGone() throws Exception {
        var keys = new KeySpace("test-" + UUID.randomUUID());
        var clock = new AtomicLong();
        var starved = Redis.connect(RedisEndpoint.parse(server.url()), new Redis.Options(Duration.ofMillis(500), 2, "starved"));
        var a = new ClusterNodes("a", redis, keys, TIMEOUT, clock::get);
        var c = new ClusterNodes("c", starved, keys, TIMEOUT, clock::get);
        var heardA = new Heard();
        var heardC = new Heard();
        var failures = new CopyOnWriteArrayList<Throwable>();
        a.beat((n, e) -> { }, heardA);
        c.beat((n, e) -> failures.add(e), heardC);
        a.beat((n, e) -> { }, heardA);

        // Every connection of c's pool is taken by a command that waits (as requests under load do).
        var holders = List.of(Thread.ofVirtual().start(() -> starved.commands().blpop(0, "hold-1-" + keys.prefix())),
                Thread.ofVirtual().start(() -> starved.commands().blpop(0, "hold-2-" + keys.prefix())));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                starved.commands().ping();
                return false;
            } catch (RuntimeException poolEmpty) {
                return true;
            }
        });
        try {
            clock.addAndGet(TIMEOUT.toNanos());
            c.beat((n, e) -> failures.add(e), heardC);
            a.beat((n, e) -> { }, heardA);
            assertThat(failures).as("c beats although its pool is empty").isEmpty();
            assertThat(heardA.events).as("a does not take c for gone").isEmpty();
            c.beat((n, e) -> failures.add(e), heardC);
            assertThat(heardC.events).isEmpty();
        } finally {
            redis.commands().lpush("hold-1-" + keys.prefix(), "go");
            redis.commands().lpush("hold-2-" + keys.prefix(), "go");
            for (Thread holder : holders) {
                holder.join(Duration.ofSeconds(10));
            }
            c.close();
            starved.close();
        }
    }
}
