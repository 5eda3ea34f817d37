package org.dlas.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.Primitives;
import org.dlas.models.ModelZoo;
import org.dlas.onnx.ModelProto;
import org.dlas.onnx.NodeProto;
import org.dlas.onnx.OnnxImporter;
import org.dlas.onnx.ValueInfoProto;
import org.dlas.target.HardwareTarget;
import org.dlas.target.Targets;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** {@code dlas inspect}: what a model is made of and where it can run, before sweeping it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Describe a zoo model or an ONNX file: inputs (symbolic dims named), operators with counts, per-layer",
                "output shapes, MACs and parameters, and which primitives and targets can run it."})
final class InspectCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "zoo model name or .onnx file") String model;
    @Option(names = "--input-shape", paramLabel = "CxHxW", description = "per-image input dims for an ONNX file whose dims are symbolic") String inputShape;
    @Option(names = "--dataset", description = "data set a zoo model is trained on (default: ${DEFAULT-VALUE})") String dataset = ModelZoo.DEFAULT_DATASET;

    @Override public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Graph g;
        try {
            if (ModelArgument.isFile(model) && Files.isRegularFile(Path.of(model))) describeOnnx(Path.of(model), out);
            g = ModelArgument.load(model, dataset, ModelArgument.parseShape(inputShape));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return Dlas.EXIT_USAGE;
        }
        describeGraph(g, out);
        out.flush();
        return 0;
    }

    private static void describeOnnx(Path file, PrintWriter out) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        out.println("file: " + file + "  sha256 " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        ModelProto m;
        try {
            m = OnnxImporter.read(file);
        } catch (java.io.IOException e) {
            throw new InvalidInputException(ErrorKind.BAD_FORMAT, file + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        }
        String producer = (m.producerName() + " " + m.producerVersion()).trim();
        out.printf(Locale.ROOT, "producer: %s, opset %d, IR version %d%n", producer.isEmpty() ? "(none)" : producer, m.defaultOpset(), m.irVersion());
        java.util.Set<String> initialised = new java.util.HashSet<>();
        m.graph().initializers().forEach(t -> initialised.add(t.name()));
        for (ValueInfoProto in : m.graph().inputs()) {
            if (initialised.contains(in.name())) continue;
            out.println("input: " + in.name() + " " + dims(in.shape()));
        }
        for (ValueInfoProto o : m.graph().outputs()) out.println("output: " + o.name() + " " + dims(o.shape()));
        Map<String, Integer> ops = new TreeMap<>();
        for (NodeProto n : m.graph().nodes()) ops.merge(n.isDefaultDomain() ? n.opType() : n.domain() + ":" + n.opType(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        ops.forEach((k, v) -> parts.add(k + " " + v));
        out.println("ONNX operators (" + m.graph().nodes().size() + " nodes): " + String.join(", ", parts));
    }

    /** Dims with symbolic ones named, e.g. [N (symbolic), 3, 224, 224]. */
    private static String dims(List<ValueInfoProto.Dim> dims) {
        if (dims == null) return "(no shape)";
        List<String> s = new ArrayList<>();
        for (ValueInfoProto.Dim d : dims) s.add(d.known() ? Long.toString(d.value()) : d + " (symbolic)");
        return s.toString();
    }

    private static void describeGraph(Graph g, PrintWriter out) {
        GraphStats total = GraphStats.of(g);
        out.printf(Locale.ROOT, "dlas graph '%s': input %s, output %s, %d nodes%s%n", g.name(), g.inputShape(), g.outputShape(), g.nodes().size(),
                org.dlas.models.StandardArchitectures.names().contains(g.name()) ? " (standard architecture, seeded untrained weights)" : "");
        Map<String, Integer> ops = new TreeMap<>();
        for (Node n : g.nodes()) ops.merge(n.op().kind(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        ops.forEach((k, v) -> parts.add(k + " " + v));
        out.println("operators: " + String.join(", ", parts));
        int width = Math.max(4, g.nodes().stream().mapToInt(n -> n.name().length()).max().orElse(4));
        out.printf(Locale.ROOT, "%-" + width + "s  %-13s %-14s %14s %12s%n", "node", "operator", "output", "MACs", "params");
        for (Node n : g.nodes()) {
            GraphStats s = GraphStats.of(g, n);
            out.printf(Locale.ROOT, "%-" + width + "s  %-13s %-14s %14d %12d%n", n.name(), n.op().kind(), g.shape(n.name()), s.macs(), s.params());
        }
        out.printf(Locale.ROOT, "total: %d MACs per image (%.3f GMACs), %d parameters, %.2f MB%n", total.macs(), total.macs() / 1e9,
                total.params(), total.sizeBytes() / 1e6);
        describePrimitives(g, out);
        describeTargets(g, out);
    }

    private static void describePrimitives(Graph g, PrintWriter out) {
        List<ConvSpec> layers = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.op() instanceof Op.Conv2d c) layers.add(c.spec());
            else if (n.op() instanceof Op.Dense d) layers.add(d.spec());
        }
        out.println("primitives (conv/dense layers each runs; the others fall back):");
        for (String name : Primitives.names()) {
            ConvPrimitive p = Primitives.create(name, Map.of());
            int ok = 0;
            Map<String, Integer> reasons = new TreeMap<>();
            for (ConvSpec s : layers) {
                Optional<String> why = p.notApplicable(s);
                if (why.isEmpty()) ok++;
                else reasons.merge(why.get(), 1, Integer::sum);
            }
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-13s %d of %d", name, ok, layers.size()));
            reasons.forEach((r, c) -> b.append("; ").append(c).append(" not: ").append(r));
            out.println(b);
        }
    }

    private static void describeTargets(Graph g, PrintWriter out) {
        out.println("targets (every target runs every dlas operator; accelerators run conv/dense layers, the host the rest):");
        for (Map.Entry<String, HardwareTarget> e : Targets.installed().entrySet()) {
            HardwareTarget t = e.getValue();
            String note = t.unavailableReason().map(r -> " [unavailable here: " + r + "]").orElse("")
                    + (t.int8Only() ? " [int8 only: quantised before it runs]" : "");
            out.println("  " + e.getKey() + note);
        }
    }
}
