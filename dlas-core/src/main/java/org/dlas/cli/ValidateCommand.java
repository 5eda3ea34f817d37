package org.dlas.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.dlas.spec.PlannedPoint;
import org.dlas.spec.SweepPlan;
import org.dlas.spec.SweepSpec;
import org.dlas.sweep.ModelSource;

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
            String modelError = onnxModelError(plan);
            if (modelError != null) {
                System.err.println(f + ": " + modelError);
                bad++;
                continue;
            }
            long skipped = plan.stream().filter(p -> p.skipReason() != null).count();
            System.out.printf("%s: ok (%d points, %d skipped by rules)%n", f, plan.size(), skipped);
        }
        return bad == 0 ? 0 : Dlas.EXIT_USAGE;
    }

    /** The first problem of the plan's ONNX models (imported here, before any point runs), or null. */
    static String onnxModelError(List<PlannedPoint> plan) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (PlannedPoint p : plan) {
            org.dlas.spec.Choice m = p.point().choice(org.dlas.spec.Axis.MODEL);
            if (m == null || !ModelSource.ONNX.equals(m.name()) || !seen.add(m.label())) continue;
            try {
                ModelSource.importOnnx(m);
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        return null;
    }
}
