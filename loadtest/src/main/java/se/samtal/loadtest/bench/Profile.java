package se.samtal.loadtest.bench;

import java.time.Duration;

/**
 * How big and how long each benchmark runs. {@link #FULL} is the documented run (bounded to about
 * eight minutes on two cores); {@link #SMOKE} is the CI run: seconds, small numbers, so the harness
 * never rots.
 *
 * @param idleConnections  B1: connections to hold (capped by the open-files limit)
 * @param idleHold         B1: how long they are held, heartbeating, before memory is measured
 * @param fanoutSessions   B2: four-person sessions
 * @param fanoutStart      B2: the first offered rate, in chat messages sent per second
 * @param setupStart       B3: the first offered rate of session setups per second
 * @param chatConversations B4: care conversations, one writer each
 * @param chatFixedRate    B4: the fixed offered rate, durable messages per second
 * @param warmUp           each step: load before measuring
 * @param measure          each step: the measured window
 * @param maxSteps         steps of a rate search before refining
 * @param refinements      extra steps between the last passing and the first failing rate (and
 *                         as many steps down when the first rate already fails)
 * @param searchBudget     the time one rate search may take (no new step starts after it)
 * @param jitWarmUp        load at the first rate before any step, unmeasured, so the server's JIT
 *                         has compiled the hot paths (a cold JVM is ten times slower for seconds)
 * @param groupStart       B5: the first offered rate of calls of eight per second
 * @param lightRate        B2 and B4: the light-load step, chat messages sent per second
 * @param fixedMeasure     the measured window of a fixed-rate step that is not part of a search (the
 *                         light-load steps, B1's active share, B6): longer than a search's, since
 *                         there are fewer messages in it
 * @param activeShare      B1: the share of the held connections that then write in their session chat
 * @param activeInterval   B1: how often each of those writes a message (a person typing)
 * @param crossNodeSessions B6: four-person sessions, two people on each node
 * @param crossNodeRate    B6: the fixed offered rate, chat messages sent per second
 */
public record Profile(String name, int idleConnections, Duration idleHold, int fanoutSessions, double fanoutStart,
                      double setupStart, int chatConversations, double chatFixedRate, Duration warmUp, Duration measure,
                      int maxSteps, int refinements, Duration searchBudget, Duration jitWarmUp, double groupStart,
                      double lightRate, Duration fixedMeasure, double activeShare, Duration activeInterval,
                      int crossNodeSessions, double crossNodeRate) {

    public static final Profile FULL = new Profile("full", 50_000, Duration.ofSeconds(30), 250, 1000, 50, 200, 2000,
            Duration.ofSeconds(1), Duration.ofSeconds(4), 10, 2, Duration.ofSeconds(75), Duration.ofSeconds(30), 10,
            100, Duration.ofSeconds(8), 0.1, Duration.ofSeconds(10), 100, 100);

    public static final Profile SMOKE = new Profile("smoke", 200, Duration.ofSeconds(2), 10, 100, 10, 10, 50,
            Duration.ofMillis(500), Duration.ofSeconds(1), 1, 0, Duration.ofSeconds(20), Duration.ofMillis(500), 2,
            100, Duration.ofSeconds(1), 0.1, Duration.ofSeconds(1), 6, 40);

    /** The same profile with B1 aiming at {@code connections}. */
    public Profile withIdleConnections(int connections) {
        return new Profile(name, connections, idleHold, fanoutSessions, fanoutStart, setupStart, chatConversations, chatFixedRate,
                warmUp, measure, maxSteps, refinements, searchBudget, jitWarmUp, groupStart, lightRate, fixedMeasure, activeShare,
                activeInterval, crossNodeSessions, crossNodeRate);
    }

    public boolean isSmoke() {
        return "smoke".equals(name);
    }
}
