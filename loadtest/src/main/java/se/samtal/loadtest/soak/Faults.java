package se.samtal.loadtest.soak;

import se.samtal.loadtest.process.RedisProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What goes wrong during the soak, at random moments: one of the three nodes is killed (SIGKILL)
 * and started again a few seconds later, or Redis is stopped (SIGTERM or SIGKILL, in turn) and
 * started again. One fault at a time; the next comes {@code minGap}..{@code maxGap} after the
 * last was mended.
 */
final class Faults implements Runnable {
    private final SoakCluster cluster;
    private final RedisProcess redis;
    private final Random random;
    private final Duration minGap;
    private final Duration maxGap;
    private final long endNanos;
    private final long startNanos = System.nanoTime();
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    int nodeKills;
    int redisRestarts;

    Faults(SoakCluster cluster, RedisProcess redis, long seed, Duration minGap, Duration maxGap, long endNanos) {
        this.cluster = cluster;
        this.redis = redis;
        this.random = new Random(seed);
        this.minGap = minGap;
        this.maxGap = maxGap;
        this.endNanos = endNanos;
    }

    @Override
    public void run() {
        try {
            while (true) {
                long gap = minGap.toMillis() + (long) (random.nextDouble() * (maxGap.toMillis() - minGap.toMillis()));
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(gap) >= endNanos) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(gap);
                if (random.nextDouble() < 0.65) {
                    killANode();
                } else {
                    restartRedis();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void killANode() throws InterruptedException {
        var node = cluster.nodes().get(random.nextInt(cluster.nodes().size()));
        note("SIGKILL node " + node.index);
        cluster.kill(node);
        nodeKills++;
        TimeUnit.MILLISECONDS.sleep(3000 + random.nextInt(5000));
        try {
            cluster.launch(node);
            note("node " + node.index + " up again");
        } catch (RuntimeException e) {
            note("node " + node.index + " did not come back: " + e.getMessage());
        }
    }

    private void restartRedis() throws InterruptedException {
        boolean kill = redisRestarts % 2 == 1;
        note((kill ? "SIGKILL" : "SIGTERM") + " Redis");
        redis.stop(kill);
        redisRestarts++;
        TimeUnit.MILLISECONDS.sleep(2000 + random.nextInt(4000));
        redis.startAgain();
        note("Redis up again");
    }

    private void note(String what) {
        String line = String.format("%6.1f s  %s", (System.nanoTime() - startNanos) / 1e9, what);
        log.add(line);
        System.out.println("  fault: " + line);
    }
}
