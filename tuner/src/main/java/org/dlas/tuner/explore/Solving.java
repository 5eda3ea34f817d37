package org.dlas.tuner.explore;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.heuristic.selector.move.MoveSelectorConfig;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import org.optaplanner.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;

/** The OptaPlanner set-up every design space shares: late-acceptance local search, the spec's seed and time limit. */
public final class Solving {
    private Solving() { }

    /** OptaPlanner's best design, the score evaluations it made and its wall time. */
    public record Solved<D>(D best, long evaluations, long millis) { }

    /** Local search over {@code moves} on the planning solution {@code solution}, scored by {@code score}. */
    public static SolverConfig config(ExploreSpec spec, Class<?> solution, Class<?> score, MoveSelectorConfig<?> moves, Class<?>... entities) {
        LocalSearchPhaseConfig search = new LocalSearchPhaseConfig()
                .withMoveSelectorConfig(moves)
                .withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(200))
                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(1));
        @SuppressWarnings({"unchecked", "rawtypes"})
        SolverConfig config = new SolverConfig()
                .withSolutionClass(solution)
                .withEntityClasses(entities)
                .withEasyScoreCalculatorClass((Class) score)
                .withRandomSeed(spec.seed())
                .withTerminationConfig(new TerminationConfig()
                        .withSpentLimit(Duration.ofSeconds(spec.timeLimitSeconds()))
                        .withUnimprovedSpentLimit(Duration.ofMillis(Math.max(1000, spec.timeLimitSeconds() * 500L))))
                .withPhases(search);
        return config;
    }

    /**
     * Solves from {@code initial}, recording each new best score in {@code trace}; {@code evaluations}
     * reads the count of score evaluations the solution's calculator kept, {@code design} turns the
     * solved planning solution into the space's design.
     */
    public static <S, D> Solved<D> solve(SolverConfig config, S initial, List<ExploreResult.ScorePoint> trace,
                                         Function<S, Long> evaluations, Function<S, D> design) {
        Solver<S> solver = SolverFactory.<S>create(config).buildSolver();
        solver.addEventListener(e -> {
            HardSoftLongScore s = (HardSoftLongScore) e.getNewBestScore();
            trace.add(new ExploreResult.ScorePoint(e.getTimeMillisSpent(), s.hardScore(), s.softScore()));
        });
        long t0 = System.nanoTime();
        S solved = solver.solve(initial);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new Solved<>(design.apply(solved), evaluations.apply(initial), millis);
    }
}
