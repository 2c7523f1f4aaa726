package se.samtal.loadtest.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleFunction;

/**
 * Finds the highest offered rate a system sustains: steps up geometrically from {@code start} until
 * a step fails (or {@code maxSteps}, or the time budget, is used up), then tries up to
 * {@code refinements} rates between the last passing and the first failing step. If even the
 * first step fails, it steps down (at most {@code stepsDown} times) to find one that passes.
 */
public final class StepSearch {
    private final double start;
    private final double factor;
    private final int maxSteps;
    private final int refinements;
    private final int stepsDown;

    public StepSearch(double start, double factor, int maxSteps, int refinements, int stepsDown) {
        if (start <= 0 || factor <= 1 || maxSteps < 1 || refinements < 0 || stepsDown < 0) {
            throw new IllegalArgumentException("start > 0, factor > 1, maxSteps ≥ 1, refinements ≥ 0, stepsDown ≥ 0");
        }
        this.start = start;
        this.factor = factor;
        this.maxSteps = maxSteps;
        this.refinements = refinements;
        this.stepsDown = stepsDown;
    }

    /** One step's outcome at an offered rate. */
    public interface Outcome {
        boolean passed();
    }

    /** Every step run, in order, and the best passing one. */
    public record Result<T extends Outcome>(List<T> steps, Optional<T> best) {
    }

    /**
     * @param run          runs one step at the given rate
     * @param rateOf       the offered rate of a step's outcome
     * @param deadlineNanos System.nanoTime after which no new step starts
     */
    public <T extends Outcome> Result<T> run(DoubleFunction<T> run, java.util.function.ToDoubleFunction<T> rateOf,
                                             long deadlineNanos) {
        var steps = new ArrayList<T>();
        T best = null;
        T firstFail = null;
        double rate = start;
        for (int i = 0; i < maxSteps && System.nanoTime() < deadlineNanos; i++) {
            T step = run.apply(rate);
            steps.add(step);
            if (!step.passed()) {
                firstFail = step;
                break;
            }
            best = step;
            rate *= factor;
        }
        if (best == null && firstFail != null) {
            double down = start;
            for (int i = 0; i < stepsDown && System.nanoTime() < deadlineNanos; i++) {
                down /= factor;
                T step = run.apply(down);
                steps.add(step);
                if (step.passed()) {
                    best = step;
                    break;
                }
                firstFail = step;
            }
        }
        if (firstFail != null && best != null) {
            double low = rateOf.applyAsDouble(best);
            double high = rateOf.applyAsDouble(firstFail);
            for (int i = 0; i < refinements && System.nanoTime() < deadlineNanos; i++) {
                double mid = Math.round((low + high) / 2);
                if (mid <= low || mid >= high) {
                    break;
                }
                T step = run.apply(mid);
                steps.add(step);
                if (step.passed()) {
                    best = step;
                    low = mid;
                } else {
                    high = mid;
                }
            }
        }
        return new Result<>(steps, Optional.ofNullable(best));
    }
}
