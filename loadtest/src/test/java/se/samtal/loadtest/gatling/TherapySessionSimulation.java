package se.samtal.loadtest.gatling;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.forAll;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * A clinic's video visits: each virtual user is one visit from booking to hang-up (the platform
 * books and mints links, the patient waits, the therapist admits, both connect the call through
 * offer, answer and candidates, chat now and then, the therapist ends it). Full run: 300 visits
 * arriving over two minutes, each about 15 s long; fails on any failed request or a p99 over
 * {@code -Dloadtest.p99} (250 ms).
 */
public class TherapySessionSimulation extends Simulation {
    private final Target target = Target.resolve("therapy-session");
    private final LoadShape shape = LoadShape.of(300, Duration.ofMinutes(2), 3);

    private final ScenarioBuilder visits = scenario("therapy session")
            .exec(Visit.untilConnected(target))
            .exec(Visit.chat(3, shape.thinkTime()))
            .exec(Visit.hangUp());

    {
        setUp(visits.injectOpen(rampUsers(shape.users()).during(shape.during())))
                .protocols(SamtalDsl.protocol(target))
                .assertions(assertions(shape));
    }

    /**
     * Zero failed requests always; in full runs also the p99 bound, for every request on its own
     * (a global percentile would mix fast and slow kinds, and the near-zero records of frames
     * being sent, see {@link SamtalDsl#SENT}).
     */
    static List<Assertion> assertions(LoadShape shape) {
        var assertions = new ArrayList<Assertion>();
        assertions.add(global().failedRequests().count().is(0L));
        if (shape.assertsLatency()) {
            assertions.add(forAll().responseTime().percentile(99.0).lt(shape.p99Millis()));
        }
        return assertions;
    }

    @Override
    public void after() {
        target.close();
    }
}
