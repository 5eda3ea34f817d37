package org.dlas.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.dlas.spec.PlannedPoint;
import org.dlas.spec.SweepPlan;
import org.dlas.spec.SweepSpec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check sweep files without running them: every error names file, line, column and key.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "sweep files") List<Path> files;

    @Override public Integer call() {
        int bad = 0;
        for (Path f : files) {
            SweepSpec spec = SpecArguments.loadOrReport(f, System.err);
            if (spec == null) {
                bad++;
                continue;
            }
            List<PlannedPoint> plan = SweepPlan.expand(spec);
            long skipped = plan.stream().filter(p -> p.skipReason() != null).count();
            System.out.printf("%s: ok (%d points, %d skipped by rules)%n", f, plan.size(), skipped);
        }
        return bad == 0 ? 0 : Dlas.EXIT_USAGE;
    }
}
