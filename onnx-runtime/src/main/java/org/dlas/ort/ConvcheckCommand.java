package org.dlas.ort;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import org.dlas.cli.ModelArgument;
import org.dlas.cli.ModelOptions;
import org.dlas.compression.CalibrationData;
import org.dlas.compression.Compressions;
import org.dlas.data.Dataset;
import org.dlas.data.DatasetSplits;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;
import org.dlas.onnx.ModelProto;
import org.dlas.onnx.OnnxExporter;
import org.dlas.onnx.ProtoWriter;
import org.dlas.spec.Choice;

/** {@code dlas convcheck}: where does the dlas -> ONNX -> ONNX Runtime conversion of a model go wrong, and can it be repaired? */
@Command(name = "convcheck", mixinStandardHelpOptions = true,
        description = "Conversion fault localisation: run a zoo model (fp32, or int8-quantised) on real test images in dlas"
                + " (Java direct kernels) and as its ONNX export in ONNX Runtime, compare every node's activation, and name the"
                + " first node whose deviation exceeds the tolerance. Then try repairs of the faulty int8 layers (QDQ pairs, or"
                + " ONNX integer operators) and check again. Writes convcheck.md, nodes-before.csv, nodes-after.csv, attempts.csv"
                + " and repaired.onnx.")
public final class ConvcheckCommand implements Callable<Integer>, org.dlas.cli.CommandPlugin {
    @Spec CommandSpec spec;

    @Mixin ModelOptions model;
    @Option(names = "--precision", description = "fp32 or int8 (post-training quantised first; default: ${DEFAULT-VALUE})") String precision = "int8";
    @Option(names = "--optimization", description = "ONNX Runtime graph optimisation: disabled, basic, extended, all (default: ${DEFAULT-VALUE})")
    String optimization = "all";
    @Option(names = "--images", description = "test images compared end to end (default: ${DEFAULT-VALUE})") int images = 1000;
    @Option(names = "--agreeing", converter = org.dlas.cli.Counts.AtLeastZero.class, description = "images with agreeing labels checked layer by layer besides every differing one (default: ${DEFAULT-VALUE})")
    int agreeing = 64;
    @Option(names = "--tolerance", description = "a node is faulty when max |difference| / max |source activation| exceeds this (default: ${DEFAULT-VALUE})")
    double tolerance = 1e-4;
    @Option(names = "--no-repair", description = "only localise") boolean noRepair;
    @Option(names = "--calibration", description = "calibration images for int8 (default: ${DEFAULT-VALUE})") int calibration = 200;
    @Option(names = "--output", description = "output directory (default: out/convcheck-MODEL-PRECISION)") Path output;

    @Override public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (!precision.equals("fp32") && !precision.equals("int8")) {
            err.println("--precision must be fp32 or int8, not '" + precision + "'");
            return 2;
        }
        if (!OrtRunner.OPTIMIZATION_LEVELS.contains(optimization)) {
            err.println("--optimization must be one of " + OrtRunner.OPTIMIZATION_LEVELS + ", not '" + optimization + "'");
            return 2;
        }
        Graph source = model.load(err);
        if (source == null) return 2;
        DatasetSplits data = Datasets.load(ModelZoo.DEFAULT_DATASET);
        if (precision.equals("int8")) {
            Dataset calib = ModelArgument.inputsFor(source, data.calibration(), calibration, 2);
            source = Compressions.apply(source, new Choice("int8", Map.of()), new CalibrationData(calib.images(), calib.size()));
        }
        ModelProto converted = OnnxExporter.toModel(source);
        ConversionCheck.Settings settings = new ConversionCheck.Settings(optimization, tolerance);
        Dataset screened = ModelArgument.inputsFor(source, data.test(), images, 1);
        if (!screened.name().equals(data.test().name())) out.println("testing on " + screened.name());
        ConversionCheck.Focus screening = ConversionCheck.focus(source, converted, screened, settings, agreeing);
        Dataset focus = screening.images();
        out.printf(Locale.ROOT, "source:    dlas %s %s on the Java direct kernels%n", model.model(), precision);
        out.printf(Locale.ROOT, "converted: OnnxExporter (opset %d) -> ONNX Runtime %s, CPU execution provider, optimisation %s%n",
                OnnxExporter.OPSET, OrtRunner.ortVersion(), optimization);
        out.printf(Locale.ROOT, "end to end: top-1 labels differ on %d of %d test images; checking those and %d agreeing ones layer by layer%n%n",
                screening.differing(), screening.screened(), focus.size() - screening.differing());

        ConversionRepair.Outcome o = noRepair
                ? new ConversionRepair.Outcome(ConversionCheck.check(source, converted, focus, settings), null, List.of(), converted, "repair not requested")
                : ConversionRepair.run(source, converted, focus, settings, 64);
        out.print(table(o.before()));
        out.println(o.before().firstFault().map(f -> String.format(Locale.ROOT, "fault location: %s (%s%s), %.3g relative > tolerance %.3g",
                f.node(), f.op(), f.int8() ? ", int8" : "", f.relative(), tolerance)).orElse("no fault: every node is within the tolerance"));
        if (!noRepair && !o.attempts().isEmpty()) {
            out.println();
            out.println("repair attempts (relative deviation of the node, labels differing on the checked images):");
            for (LayerRepair r : ConversionRepair.CANDIDATES) out.println("  " + r.name() + ": " + r.description());
            for (ConversionRepair.Attempt a : o.attempts()) {
                out.printf(Locale.ROOT, "  %-16s %-12s %10.3g -> %-10.3g labels %d -> %d%s%n", a.node(), a.repair(),
                        a.relativeBefore(), a.relativeAfter(), a.labelsDifferingBefore(), a.labelsDifferingAfter(), a.kept() ? "  kept" : "");
            }
            out.println();
            out.print(table(o.after()));
        }
        if (!noRepair) {
            out.println("stopped: " + o.stopReason());
            out.println(verdict(o));
            int after = ConversionCheck.focus(source, o.repaired(), screened, settings, 0).differing();
            out.printf(Locale.ROOT, "end to end on all %d test images: labels differ on %d before repair, %d after%n",
                    screening.screened(), screening.differing(), after);
        }
        Path dir = output != null ? output : Path.of("out", "convcheck-" + model.stem() + "-" + precision);
        write(dir, o);
        out.println("written to " + dir.toAbsolutePath());
        return 0;
    }

    static String verdict(ConversionRepair.Outcome o) {
        String labels = String.format(Locale.ROOT, "labels differ on %d of %d checked images before repair, %d after",
                o.before().labelsDiffering(), o.before().images(), o.after().labelsDiffering());
        if (o.before().firstFault().isEmpty()) return "nothing to repair; " + labels;
        return o.exact() ? "repaired: every node within the tolerance; " + labels
                : "NOT exact: " + o.after().firstFault().get().node() + " still deviates; " + labels;
    }

    static String table(ConversionCheck.Report r) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-24s %-14s %5s %12s %12s %12s%n", "node", "op", "int8", "max abs err", "source max", "relative"));
        String fault = r.firstFault().map(NodeDeviation::node).orElse(null);
        for (NodeDeviation n : r.nodes()) {
            s.append(String.format(Locale.ROOT, "%-24s %-14s %5s %12.3g %12.3g %12.3g%s%n", n.node(), n.op(), n.int8() ? "yes" : "", n.maxAbs(),
                    n.sourceMaxAbs(), n.relative(), n.node().equals(fault) ? "  <- first fault" : ""));
        }
        s.append(String.format(Locale.ROOT, "labels differ on %d of %d images%n", r.labelsDiffering(), r.images()));
        return s.toString();
    }

    private static void write(Path dir, ConversionRepair.Outcome o) throws IOException {
        Files.createDirectories(dir);
        for (String stale : List.of("nodes-after.csv", "attempts.csv", "repaired.onnx")) Files.deleteIfExists(dir.resolve(stale));
        Files.writeString(dir.resolve("nodes-before.csv"), csv(o.before()));
        StringBuilder md = new StringBuilder("# Conversion check\n\nPer node: max |converted - source| over the checked images, and that")
                .append(" divided by the node's largest |source| value (relative). The first node whose relative deviation exceeds")
                .append(" the tolerance is the fault location.\n\n```\n").append(table(o.before())).append("```\n");
        if (o.after() != null) {
            Files.writeString(dir.resolve("nodes-after.csv"), csv(o.after()));
            StringBuilder attempts = new StringBuilder("node,repair,relative_before,relative_after,labels_differing_before,labels_differing_after,kept\n");
            for (ConversionRepair.Attempt a : o.attempts()) {
                attempts.append(String.format(Locale.ROOT, "%s,\"%s\",%.6g,%.6g,%d,%d,%b%n", a.node(), a.repair(), a.relativeBefore(),
                        a.relativeAfter(), a.labelsDifferingBefore(), a.labelsDifferingAfter(), a.kept()));
            }
            Files.writeString(dir.resolve("attempts.csv"), attempts);
            Files.write(dir.resolve("repaired.onnx"), ProtoWriter.write(o.repaired()));
            md.append("\n## After repair\n\n```\n").append(table(o.after())).append("```\n\n").append(o.stopReason()).append(".\n\n")
                    .append(verdict(o)).append(".\n");
        }
        Files.writeString(dir.resolve("convcheck.md"), md);
    }

    private static String csv(ConversionCheck.Report r) {
        StringBuilder s = new StringBuilder("node,op,int8,max_abs_diff,source_max_abs,relative,exceeds_tolerance\n");
        for (NodeDeviation n : r.nodes()) {
            s.append(String.format(Locale.ROOT, "%s,%s,%b,%.6g,%.6g,%.6g,%b%n", n.node(), n.op(), n.int8(), n.maxAbs(), n.sourceMaxAbs(),
                    n.relative(), n.exceeds(r.tolerance())));
        }
        return s.toString();
    }
}
