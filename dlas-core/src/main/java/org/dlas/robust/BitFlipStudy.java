package org.dlas.robust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.dlas.compression.CalibrationData;
import org.dlas.compression.Compressions;
import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.ir.Int8Params;
import org.dlas.ir.Op;
import org.dlas.kernels.Primitives;
import org.dlas.runtime.CompiledModel;
import org.dlas.spec.Choice;
import org.dlas.sweep.Outputs;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Fault injection: seeded single-bit flips in the weights of one conv/dense layer at a time, per
 * bit position of the stored number (fp32: bits 0..31 of the IEEE word, 0 = mantissa LSB, 30 =
 * exponent MSB, 31 = sign; int8: bits 0..7 of the two's-complement weight of the int8-quantised
 * model). Each (precision, layer, bit) gets {@code trials} flips of a random weight; the figure is
 * the top-1 accuracy drop against the fault-free model of the same precision.
 * With {@link #activations(boolean)}, also fp32 activation faults ({@code fp32-act}): at the output of
 * each conv/dense layer that cuts the graph in two (no later node reads an earlier one), every test
 * image gets one flip of the given bit in one random element of that layer's output.
 */
public final class BitFlipStudy {
    public static final String FP32 = "fp32", INT8 = "int8", FP32_ACT = "fp32-act";

    /** Mean and worst drop of top-1 accuracy (fraction) over the trials of one (precision, layer, bit). */
    public record Row(String precision, String layer, int bit, int trials, double meanDrop, double maxDrop) { }

    public record Result(String model, int images, double fp32Top1, double int8Top1, List<Row> rows) {
        /** Mean drop per bit position, averaged over layers. */
        public Map<Integer, Double> dropByBit(String precision) {
            Map<Integer, double[]> acc = new java.util.TreeMap<>();
            for (Row r : rows) if (r.precision.equals(precision)) { double[] a = acc.computeIfAbsent(r.bit, k -> new double[2]); a[0] += r.meanDrop; a[1]++; }
            Map<Integer, Double> out = new LinkedHashMap<>();
            acc.forEach((k, v) -> out.put(k, v[0] / v[1]));
            return out;
        }
        /** Mean drop per layer, averaged over bits. */
        public Map<String, Double> dropByLayer(String precision) {
            Map<String, double[]> acc = new LinkedHashMap<>();
            for (Row r : rows) if (r.precision.equals(precision)) { double[] a = acc.computeIfAbsent(r.layer, k -> new double[2]); a[0] += r.meanDrop; a[1]++; }
            Map<String, Double> out = new LinkedHashMap<>();
            acc.forEach((k, v) -> out.put(k, v[0] / v[1]));
            return out;
        }
        /** Largest single-trial drop of the precision. */
        public double worstDrop(String precision) {
            return rows.stream().filter(r -> r.precision.equals(precision)).mapToDouble(Row::maxDrop).max().orElse(Double.NaN);
        }
    }

    private final Graph model;
    private final Dataset test;
    private final CalibrationData calibration;
    private final long seed;
    private int trials = 3;
    private String primitive = "gemm";
    private int[] fp32Bits = IntStream.range(0, 32).toArray();
    private int[] int8Bits = IntStream.range(0, 8).toArray();
    private boolean activations;

    public BitFlipStudy(Graph model, Dataset test, CalibrationData calibration, long seed) {
        this.model = model;
        this.test = test;
        this.calibration = calibration;
        this.seed = seed;
    }

    public BitFlipStudy trials(int k) { if (k < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "trials must be >= 1"); this.trials = k; return this; }
    public BitFlipStudy primitive(String p) { Primitives.create(p, Map.of()); this.primitive = p; return this; }
    /** fp32 bit positions to study (default 0..31). */
    public BitFlipStudy fp32Bits(int... bits) { for (int b : bits) check(b, 32); this.fp32Bits = bits.clone(); return this; }
    /** int8 bit positions to study (default 0..7); empty skips int8. */
    public BitFlipStudy int8Bits(int... bits) { for (int b : bits) check(b, 8); this.int8Bits = bits.clone(); return this; }

    /** Also flip bits of fp32 activations (the fp32 bit positions) at the outputs of conv/dense layers that cut the graph. */
    public BitFlipStudy activations(boolean on) { this.activations = on; return this; }

    private static void check(int b, int width) { if (b < 0 || b >= width) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "bit " + b + " outside 0.." + (width - 1)); }

    public static float flip(float v, int bit) { return Float.intBitsToFloat(Float.floatToRawIntBits(v) ^ (1 << bit)); }
    public static byte flip(byte v, int bit) { return (byte) (v ^ (1 << bit)); }

    private CompiledModel compile(Graph g) {
        return CompiledModel.compile(g, Primitives.create(primitive, Map.of()), Primitives.create("direct", Map.of()));
    }

    /**
     * The graph split after {@code layer}: {prefix ending at layer, suffix whose Input has layer's
     * shape}, or null when a node after the layer reads a node before it (no single cut).
     */
    static Graph[] cut(Graph g, String layer) {
        List<org.dlas.ir.Node> nodes = g.nodes();
        int at = -1;
        for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).name().equals(layer)) at = i;
        if (at < 0 || layer.equals(g.output())) return null;
        java.util.Set<String> before = new java.util.HashSet<>();
        for (int i = 0; i <= at; i++) before.add(nodes.get(i).name());
        List<org.dlas.ir.Node> suffix = new ArrayList<>();
        var shape = g.shape(layer);
        suffix.add(org.dlas.ir.Node.of(layer, new Op.Input(shape.channels(), shape.height(), shape.width())));
        for (int i = at + 1; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) if (before.contains(in) && !in.equals(layer)) return null;
            suffix.add(nodes.get(i));
        }
        return new Graph[] {new Graph(g.name() + "-head", nodes.subList(0, at + 1), layer), new Graph(g.name() + "-tail", suffix, g.output())};
    }

    private double accuracy(Graph g) {
        CompiledModel m = compile(g);
        float[] y = m.forward(test.images(), test.size());
        return new Outputs(y, test.size(), y.length / test.size()).topK(test.labels(), 1);
    }

    private record Task(String precision, String layer, int bit, int trial) { }

    public Result run() {
        Graph q = int8Bits.length == 0 ? null : Compressions.apply(model, new Choice("int8", Map.of()), calibration);
        double base32 = accuracy(model), base8 = q == null ? Double.NaN : accuracy(q);
        List<Task> tasks = new ArrayList<>();
        for (String layer : layers(model, false)) for (int b : fp32Bits) for (int t = 0; t < trials; t++) tasks.add(new Task(FP32, layer, b, t));
        if (q != null) for (String layer : layers(q, true)) for (int b : int8Bits) for (int t = 0; t < trials; t++) tasks.add(new Task(INT8, layer, b, t));
        Map<String, Graph[]> cuts = new LinkedHashMap<>();
        Map<String, float[]> prefixOut = new java.util.concurrent.ConcurrentHashMap<>();
        if (activations) {
            for (String layer : layers(model, false)) {
                Graph[] cut = cut(model, layer);
                if (cut == null) continue;
                cuts.put(layer, cut);
                prefixOut.put(layer, compile(cut[0]).forward(test.images(), test.size()));
                for (int b : fp32Bits) for (int t = 0; t < trials; t++) tasks.add(new Task(FP32_ACT, layer, b, t));
            }
        }
        double[] drops = new double[tasks.size()];
        IntStream.range(0, tasks.size()).parallel().forEach(i -> {
            Task t = tasks.get(i);
            boolean int8 = t.precision.equals(INT8);
            Graph g = int8 ? q : model;
            SplittableRandom rnd = new SplittableRandom(seed ^ (MutationCampaign.sha(t.precision + "/" + t.layer + "/" + t.bit + "/" + t.trial).hashCode() * 0x9E3779B97F4A7C15L));
            if (t.precision.equals(FP32_ACT)) {
                float[] act = prefixOut.get(t.layer).clone();
                int per = act.length / test.size();
                for (int img = 0; img < test.size(); img++) {
                    int j = img * per + rnd.nextInt(per);
                    act[j] = flip(act[j], t.bit);
                }
                float[] y = compile(cuts.get(t.layer)[1]).forward(act, test.size());
                drops[i] = base32 - new Outputs(y, test.size(), y.length / test.size()).topK(test.labels(), 1);
                return;
            }
            Graph faulty = g.mapOps(n -> n.name().equals(t.layer) ? inject(n.op(), int8, t.bit, rnd) : n.op());
            drops[i] = (int8 ? base8 : base32) - accuracy(faulty);
        });
        Map<String, Row> rows = new LinkedHashMap<>();
        Map<String, double[]> agg = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            double[] a = agg.computeIfAbsent(t.precision + "|" + t.layer + "|" + t.bit, k -> new double[] {0, 0, Double.NEGATIVE_INFINITY});
            a[0] += drops[i]; a[1]++; a[2] = Math.max(a[2], drops[i]);
            rows.putIfAbsent(t.precision + "|" + t.layer + "|" + t.bit, new Row(t.precision, t.layer, t.bit, 0, 0, 0));
        }
        List<Row> out = new ArrayList<>();
        rows.forEach((k, r) -> { double[] a = agg.get(k); out.add(new Row(r.precision(), r.layer(), r.bit(), (int) a[1], a[0] / a[1], a[2])); });
        return new Result(model.name(), test.size(), base32, base8, out);
    }

    private static List<String> layers(Graph g, boolean int8) {
        List<String> out = new ArrayList<>();
        for (var n : g.nodes()) {
            Int8Params q = n.op() instanceof Op.Conv2d c ? c.quant() : n.op() instanceof Op.Dense d ? d.quant() : null;
            boolean mac = n.op() instanceof Op.Conv2d || n.op() instanceof Op.Dense;
            if (mac && (int8 == (q != null))) out.add(n.name());
        }
        return out;
    }

    private static Op inject(Op op, boolean int8, int bit, SplittableRandom rnd) {
        if (int8) {
            Int8Params q = op instanceof Op.Conv2d c ? c.quant() : ((Op.Dense) op).quant();
            byte[] w = q.weights().clone();
            int i = rnd.nextInt(w.length);
            w[i] = flip(w[i], bit);
            Int8Params nq = new Int8Params(w, q.weightScales(), q.inputScale(), q.inputZeroPoint());
            return op instanceof Op.Conv2d c ? c.withQuant(nq) : ((Op.Dense) op).withQuant(nq);
        }
        float[] w = (op instanceof Op.Conv2d c ? c.weight() : ((Op.Dense) op).weight()).clone();
        int i = rnd.nextInt(w.length);
        w[i] = flip(w[i], bit);
        return op instanceof Op.Conv2d c ? c.withWeights(w, c.bias()) : ((Op.Dense) op).withWeights(w, ((Op.Dense) op).bias());
    }

    /** Writes bitflips.csv, bitflips-by-bit.png and bitflips.md to {@code dir}. */
    public static void write(Result r, Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("precision,layer,bit,trials,mean_drop,max_drop\n");
        for (Row x : r.rows()) csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.6f,%.6f%n", x.precision(), x.layer(), x.bit(), x.trials(), x.meanDrop(), x.maxDrop()));
        Files.writeString(dir.resolve("bitflips.csv"), csv);
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1000).height(620).title("Top-1 drop from one weight bit flip: " + r.model())
                .xAxisTitle("bit position (fp32: 0 mantissa LSB .. 30 exponent MSB, 31 sign; int8: 0..7)").yAxisTitle("mean top-1 drop (%)").build();
        for (String p : List.of(FP32, INT8, FP32_ACT)) {
            Map<Integer, Double> by = r.dropByBit(p);
            if (by.isEmpty()) continue;
            List<Integer> xs = new ArrayList<>(by.keySet());
            List<Double> ys = by.values().stream().map(v -> 100 * v).toList();
            chart.addSeries(p, xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(chart, dir.resolve("bitflips-by-bit").toString(), BitmapEncoder.BitmapFormat.PNG);
        StringBuilder md = new StringBuilder("# Bit-flip fault injection: " + r.model() + "\n\n");
        md.append(String.format(Locale.ROOT, "%d test images; fault-free top-1: fp32 %.1f%%, int8 %.1f%%.%n%n", r.images(), 100 * r.fp32Top1(), 100 * r.int8Top1()));
        for (String p : List.of(FP32, INT8, FP32_ACT)) {
            if (r.dropByBit(p).isEmpty()) continue;
            md.append("## ").append(p).append(String.format(Locale.ROOT, " (worst single flip: %.1f%% drop)%n%n| bit | mean drop |%n|---|---|%n", 100 * r.worstDrop(p)));
            r.dropByBit(p).entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                    .forEach(e -> md.append(String.format(Locale.ROOT, "| %d | %.2f%% |%n", e.getKey(), 100 * e.getValue())));
            md.append("\n| layer | mean drop over bits |\n|---|---|\n");
            r.dropByLayer(p).entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                    .forEach(e -> md.append(String.format(Locale.ROOT, "| %s | %.2f%% |%n", e.getKey(), 100 * e.getValue())));
            md.append('\n');
        }
        Files.writeString(dir.resolve("bitflips.md"), md);
    }
}
