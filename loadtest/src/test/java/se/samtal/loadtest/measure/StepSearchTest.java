package se.samtal.loadtest.measure;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StepSearchTest {
    record Step(double rate, boolean passed) implements StepSearch.Outcome {
    }

    /** A system that sustains everything up to {@code limit}. */
    private static StepSearch.Result<Step> search(StepSearch search, double limit, List<Double> tried) {
        return search.run(rate -> {
            tried.add(rate);
            return new Step(rate, rate <= limit);
        }, Step::rate, Long.MAX_VALUE);
    }

    @Test
    void stepsUpUntilAStepFailsThenRefinesBetweenTheLastPassAndTheFirstFail() {
        var tried = new ArrayList<Double>();
        var result = search(new StepSearch(100, 2, 10, 2, 0), 500, tried);

        assertThat(tried).containsExactly(100.0, 200.0, 400.0, 800.0, 600.0, 500.0);
        assertThat(result.best()).map(Step::rate).contains(500.0);
        assertThat(result.steps()).hasSize(6);
    }

    @Test
    void stepsDownWhenEvenTheFirstRateFails() {
        var tried = new ArrayList<Double>();
        var result = search(new StepSearch(100, 2, 10, 0, 3), 30, tried);

        assertThat(tried).containsExactly(100.0, 50.0, 25.0);
        assertThat(result.best()).map(Step::rate).contains(25.0);
    }

    @Test
    void reportsNoBestWhenNothingPasses() {
        var result = search(new StepSearch(100, 2, 10, 1, 2), 1, new ArrayList<>());

        assertThat(result.best()).isEmpty();
        assertThat(result.steps()).hasSize(3);
    }

    @Test
    void stopsAtMaxStepsWhenEverythingPasses() {
        var tried = new ArrayList<Double>();
        var result = search(new StepSearch(1, 10, 3, 2, 2), Double.MAX_VALUE, tried);

        assertThat(tried).containsExactly(1.0, 10.0, 100.0);
        assertThat(result.best()).map(Step::rate).contains(100.0);
    }

    @Test
    void startsNoStepAfterTheDeadline() {
        var tried = new ArrayList<Double>();
        var result = new StepSearch(1, 2, 5, 2, 2).run(rate -> {
            tried.add(rate);
            return new Step(rate, true);
        }, Step::rate, System.nanoTime() - 1);

        assertThat(tried).isEmpty();
        assertThat(result.best()).isEmpty();
    }
}
