package se.samtal.loadtest.measure;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The load client's own garbage-collection time, so that a window can say how long the client
 * itself stood still in it. Latencies are measured from when a message was due, so a pause of the
 * client is counted as the server's: a figure from a window in which the client paused long is
 * the client's, not the server's, and the report says so.
 */
public final class HarnessPauses {
    private HarnessPauses() {
    }

    /** Milliseconds the client's collectors have spent so far (pauses and, for G1, its concurrent cycle's pauses). */
    public static long millis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            long t = gc.getCollectionTime();
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }

    /**
     * Collects the client's heap now, before a window, so that its young generation starts empty
     * and a long pause does not fall into the window (with many connections held, one young
     * collection of the client takes some hundred milliseconds on its one core).
     */
    public static void collectBeforeWindow() {
        System.gc();
    }
}
