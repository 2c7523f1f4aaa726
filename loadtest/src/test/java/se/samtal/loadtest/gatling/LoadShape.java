package se.samtal.loadtest.gatling;

import java.time.Duration;

/**
 * How much load a scenario offers, from {@code -Dloadtest.profile}: {@code smoke} (CI: a handful
 * of users, seconds, only errors fail it) or {@code full} (the documented run, with p99 bounds).
 * {@code -Dloadtest.users} and {@code -Dloadtest.p99} override the numbers.
 *
 * @param users      virtual users: visits, conversations, or (reconnect storm) people at once
 * @param during     over how long they arrive (zero: all at once)
 * @param thinkTime  pause between a person's actions (chatting now and then)
 * @param p99Millis  the p99 bound of the response-time assertions; null in smoke runs
 */
record LoadShape(String profile, int users, Duration during, Duration thinkTime, Integer p99Millis) {

    static LoadShape of(int fullUsers, Duration fullDuring, int smokeUsers) {
        return of(fullUsers, fullDuring, smokeUsers, 250);
    }

    /** @param fullP99Millis the scenario's own p99 bound in full runs (unless {@code -Dloadtest.p99} says otherwise) */
    static LoadShape of(int fullUsers, Duration fullDuring, int smokeUsers, int fullP99Millis) {
        String profile = System.getProperty("loadtest.profile", "full");
        boolean smoke = profile.equals("smoke");
        int users = Integer.getInteger("loadtest.users", smoke ? smokeUsers : fullUsers);
        Duration during = smoke ? Duration.ofSeconds(1) : fullDuring;
        Duration think = smoke ? Duration.ofMillis(100) : Duration.ofSeconds(2);
        Integer p99 = smoke ? null : Integer.getInteger("loadtest.p99", fullP99Millis);
        return new LoadShape(profile, users, during, think, p99);
    }

    boolean assertsLatency() {
        return p99Millis != null;
    }
}
