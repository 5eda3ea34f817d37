package org.dlas.compression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.ConvSpec;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * {@code channel-prune}: structured L1-norm filter pruning that really shrinks the graph.
 *
 * <p><b>What is pruned.</b> The output filters of ordinary convolutions ({@code groups == 1}); from
 * each prunable layer of K filters, {@code min(round(ratio * K), K - 1)} filters with the smallest L1
 * norm are removed. The removal follows the channels downstream through every operator that maps
 * channels one to one: BatchNorm (its channels are dropped), ReLU/ReLU6, max/avg pooling, global
 * average pooling and depthwise convolutions (whose matching filters are removed too, and the
 * change propagates further), Concat (the concatenation simply shrinks; its readers lose the
 * matching positions) and Flatten. It ends at the consumers that mix channels: an ordinary conv
 * loses the matching input channels and a Dense layer the matching input columns (all C*H*W
 * features of each removed channel when it reads a flattened or unflattened map).
 *
 * <p><b>What is kept.</b> Channels that reach the graph output, a Softmax, a grouped (not
 * depthwise) convolution or any other operator without a channel mapping are not pruned, nor are
 * channels tied to the graph input, a Dense output or a grouped conv output through a residual Add.
 * Residual Adds ({@code residual}): with {@code skip} (default) every conv whose output reaches an
 * Add keeps all its filters (as in Li et al., where only the inner convs of residual blocks are
 * pruned); with {@code group} the convs tied together by Adds form one group pruned with a common
 * mask, ranked by the sum of each member's L1 norms normalised by that member's mean filter norm
 * (groups tied to the graph input or another non-conv source are still kept). The report lists
 * every conv that was pruned or kept and why.
 *
 * <p><b>Bias correction</b> ({@code bias_correction}, default true, needs calibration images): a
 * removed channel is replaced by its mean activation on the calibration images, folded into the
 * consuming layer's bias ({@code b[k] += sum over removed c of mean[c] * sum W[k, c, :, :]}). This
 * is exact for a channel that is constant, and approximate at padded borders of a consuming conv.
 * Without calibration images nothing is folded. A removed filter whose weights and bias are all
 * zero therefore leaves the model output exactly unchanged either way.
 *
 * <p><b>Fine-tuning</b> ({@code finetune_images}, default 0): a short pass on that many training
 * images after pruning ({@link FineTuning}); every remaining weight trains, the channel counts stay
 * as pruned. It needs the training split ({@link #compress(Graph, Choice, CalibrationData, Dataset)}).
 *
 * <p>Layers already quantised to int8 are rejected: prune before {@code int8}.
 */
public final class ChannelPruning extends CalibratingCompressor implements FineTunedCompressor {
    public static final String NAME = "channel-prune";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.number("ratio", "share of the output filters removed from each prunable conv", 0.25, 0.0, 0.9),
            ParamSpec.oneOf("residual", "convs feeding a residual Add: skip keeps them whole, group prunes each Add-tied group with a common mask",
                    "skip", List.of("skip", "group")),
            ParamSpec.flag("bias_correction", "fold each removed channel's mean calibration activation into the consumer's bias", true),
            FineTuning.param());

    private enum Root { SOURCE, FIXED, DERIVED }

    public ChannelPruning() { this(defaultCalibrationPrimitive()); }

    /** Runs the bias-correction calibration pass with {@code calibrationPrimitive} (fp32 path). */
    public ChannelPruning(ConvPrimitive calibrationPrimitive) { super(NAME, PARAMS, calibrationPrimitive); }

    /** Prunes, then fine-tunes the smaller graph on {@code trainData} when {@code finetune_images > 0}. */
    @Override
    public CompressionResult compress(Graph model, Choice choice, CalibrationData calibration, Dataset trainData) {
        Params p = Params.resolve(NAME, choice, PARAMS);
        int finetune = p.integer(FineTuning.PARAM);
        FineTuning.check(p.label(), finetune, trainData);
        for (Node n : model.nodes()) {
            if (n.op().isInt8()) {
                throw new InvalidInputException(ErrorKind.CONFLICT, "channel-prune: layer '" + n.name() + "' is already int8-quantised; apply channel-prune before int8");
            }
        }
        CompressionResult pruned = new Run(model, p.number("ratio"), p.string("residual").equals("group"),
                p.flag("bias_correction"), calibration, p.label()).execute();
        return FineTuning.apply(pruned, finetune, false, trainData);
    }

    /** One pruning run over one graph. */
    private final class Run {
        final Graph g;
        final List<Node> nodes;
        final Map<String, Integer> index = new HashMap<>();
        final int[] parent;
        final Root[] root;
        final String[] blocked;          // per node: why its channels must stay (first reason), or null
        final double ratio;
        final boolean groupResidual;
        final boolean biasCorrection;
        final CalibrationData calibration;
        final String label;
        final List<CompressionReport.LayerReport> entries = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        Run(Graph g, double ratio, boolean groupResidual, boolean biasCorrection, CalibrationData calibration, String label) {
            this.g = g;
            this.nodes = g.nodes();
            this.ratio = ratio;
            this.groupResidual = groupResidual;
            this.biasCorrection = biasCorrection;
            this.calibration = calibration;
            this.label = label;
            int n = nodes.size();
            parent = IntStream.range(0, n).toArray();
            root = new Root[n];
            blocked = new String[n];
            for (int i = 0; i < n; i++) index.put(nodes.get(i).name(), i);
        }

        int find(int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }

        void union(int a, int b) {
            int ra = find(a), rb = find(b);
            if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }

        int in(Node n, int j) { return index.get(n.inputs().get(j)); }

        void block(int tensor, String reason) {
            if (blocked[tensor] == null) blocked[tensor] = reason;
        }

        CompressionResult execute() {
            // 1. channel coupling: tensors whose channels correspond one to one share a group
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                Op op = n.op();
                if (op instanceof Op.Input) root[i] = Root.FIXED;
                else if (op instanceof Op.Conv2d c) {
                    if (c.spec().groups() == 1) root[i] = Root.SOURCE;
                    else if (c.spec().depthwise()) union(i, in(n, 0));
                    else {
                        root[i] = Root.FIXED;
                        block(in(n, 0), "read by grouped conv '" + n.name() + "'");
                    }
                } else if (op instanceof Op.Dense) root[i] = Root.FIXED;
                else if (op instanceof Op.BatchNorm || op instanceof Op.Relu || op instanceof Op.Relu6 || op instanceof Op.MaxPool
                        || op instanceof Op.AvgPool || op instanceof Op.GlobalAvgPool) union(i, in(n, 0));
                else if (op instanceof Op.Add) {
                    union(i, in(n, 0));
                    union(i, in(n, 1));
                } else if (op instanceof Op.Concat || op instanceof Op.Flatten) root[i] = Root.DERIVED;
                else {
                    root[i] = Root.FIXED;
                    for (int j = 0; j < n.inputs().size(); j++) block(in(n, j), "read by " + op.kind() + " '" + n.name() + "'");
                }
            }
            block(index.get(g.output()), "reaches the graph output");

            Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
            for (int i = 0; i < nodes.size(); i++) groups.computeIfAbsent(find(i), k -> new ArrayList<>()).add(i);
            Map<Integer, String> groupBlocked = new HashMap<>();
            for (var e : groups.entrySet()) {
                List<Integer> roots = roots(e.getValue());
                for (int m : e.getValue()) if (blocked[m] != null) { groupBlocked.putIfAbsent(e.getKey(), "'" + nodes.get(m).name() + "' " + blocked[m]); }
                boolean derived = roots.stream().anyMatch(r -> root[r] == Root.DERIVED);
                if (derived && roots.size() > 1) groupBlocked.putIfAbsent(e.getKey(), "Add ties a Concat/Flatten output to other channels");
            }
            // a blocked Concat/Flatten output blocks what it is made of
            boolean changed = true;
            while (changed) {
                changed = false;
                for (var e : groups.entrySet()) {
                    if (!groupBlocked.containsKey(e.getKey())) continue;
                    for (int r : roots(e.getValue())) {
                        if (root[r] != Root.DERIVED) continue;
                        Node n = nodes.get(r);
                        for (int j = 0; j < n.inputs().size(); j++) {
                            int gi = find(in(n, j));
                            if (!groupBlocked.containsKey(gi)) {
                                groupBlocked.put(gi, "feeds " + n.op().kind() + " '" + n.name() + "', whose channels must stay");
                                changed = true;
                            }
                        }
                    }
                }
            }

            // 2. masks of the prunable groups
            Map<Integer, boolean[]> groupKeep = new HashMap<>();
            Map<Integer, String> skipReason = new HashMap<>();
            for (var e : groups.entrySet()) {
                List<Integer> roots = roots(e.getValue());
                if (roots.isEmpty() || roots.stream().anyMatch(r -> root[r] != Root.SOURCE)) continue;
                String reason = groupBlocked.get(e.getKey());
                List<String> adds = e.getValue().stream().filter(m -> nodes.get(m).op() instanceof Op.Add)
                        .map(m -> nodes.get(m).name()).toList();
                if (reason == null && !adds.isEmpty() && !groupResidual) reason = "feeds residual Add '" + adds.get(0) + "' (residual=skip)";
                if (reason == null && roots.size() > 1 && !groupResidual) reason = "shares channels with other convs (residual=skip)";
                int k = g.shape(nodes.get(roots.get(0)).name()).channels();
                int remove = (int) Math.min(Math.round(ratio * k), k - 1L);
                if (reason == null && remove == 0) reason = "ratio " + ratio + " of " + k + " filters rounds to 0";
                if (reason != null) {
                    skipReason.put(e.getKey(), reason);
                    continue;
                }
                groupKeep.put(e.getKey(), mask(roots, k, remove));
            }
            // groups holding a conv that cannot be pruned for a non-conv reason
            for (var e : groups.entrySet()) {
                List<Integer> roots = roots(e.getValue());
                if (groupKeep.containsKey(e.getKey()) || skipReason.containsKey(e.getKey())) continue;
                for (int r : roots) {
                    if (root[r] != Root.SOURCE) continue;
                    String why = groupBlocked.get(e.getKey());
                    if (why == null) {
                        int other = roots.stream().filter(x -> root[x] != Root.SOURCE).findFirst().orElse(r);
                        why = "shares channels with " + nodes.get(other).op().kind() + " '" + nodes.get(other).name() + "' through a residual Add";
                    }
                    skipReason.put(e.getKey(), why);
                }
            }

            // 3. kept channels of every tensor (null = all)
            boolean[][] keep = new boolean[nodes.size()][];
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                if (root[i] == Root.DERIVED) {
                    keep[i] = derivedKeep(n, keep);
                    if (keep[i] != null) groupKeep.put(find(i), keep[i]);
                } else {
                    keep[i] = groupKeep.get(find(i));
                }
            }

            // 4. bias correction: mean activation of the removed channels, per consumer input
            Map<String, float[]> means = biasCorrection && calibration != null ? observeMeans(keep) : Map.of();
            if (biasCorrection && calibration == null) notes.add("no bias correction (no calibration images)");

            // 5. rewrite
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                out.add(n.withOp(rewrite(i, n, keep, means, groups, skipReason)));
            }
            Graph result = new Graph(g.name(), out, g.output());
            if (!groupResidual) notes.add("residual=skip: convs feeding an Add keep all filters");
            CompressionReport report = new CompressionReport(label, entries, notes, GraphStats.of(g), GraphStats.of(result));
            return new CompressionResult(result, report);
        }

        List<Integer> roots(List<Integer> members) {
            return members.stream().filter(m -> root[m] != null).toList();
        }

        /** Keeps all but the {@code remove} channels of smallest (normalised, summed) L1 filter norm. */
        boolean[] mask(List<Integer> roots, int k, int remove) {
            double[] score = new double[k];
            for (int r : roots) {
                Op.Conv2d c = (Op.Conv2d) nodes.get(r).op();
                double[] l1 = l1Norms(c);
                double mean = Arrays.stream(l1).average().orElse(0);
                for (int ch = 0; ch < k; ch++) score[ch] += roots.size() == 1 || mean == 0 ? l1[ch] : l1[ch] / mean;
            }
            Integer[] order = IntStream.range(0, k).boxed().toArray(Integer[]::new);
            Arrays.sort(order, (a, b) -> score[a] != score[b] ? Double.compare(score[a], score[b]) : Integer.compare(a, b));
            boolean[] keep = new boolean[k];
            Arrays.fill(keep, true);
            for (int i = 0; i < remove; i++) keep[order[i]] = false;
            return keep;
        }

        boolean[] derivedKeep(Node n, boolean[][] keep) {
            if (n.op() instanceof Op.Flatten) {
                int src = in(n, 0);
                boolean[] inKeep = keep[src];
                if (inKeep == null) return null;
                return expand(inKeep, planeOf(nodes.get(src).name()));
            }
            // Concat: the inputs' masks one after the other
            List<boolean[]> parts = new ArrayList<>();
            boolean any = false;
            for (int j = 0; j < n.inputs().size(); j++) {
                boolean[] k = keep[in(n, j)];
                any |= k != null;
                parts.add(k != null ? k : allTrue(g.shape(n.inputs().get(j)).channels()));
            }
            if (!any) return null;
            boolean[] cat = new boolean[g.shape(n.name()).channels()];
            int off = 0;
            for (boolean[] part : parts) {
                System.arraycopy(part, 0, cat, off, part.length);
                off += part.length;
            }
            return cat;
        }

        int planeOf(String tensor) {
            Shape s = g.shape(tensor);
            return s.height() * s.width();
        }

        /** Per-tensor means (over images) of every element of the consumer inputs that lose channels. */
        Map<String, float[]> observeMeans(boolean[][] keep) {
            Set<String> watched = new LinkedHashSet<>();
            for (Node n : nodes) {
                boolean consumer = (n.op() instanceof Op.Conv2d c && c.spec().groups() == 1) || n.op() instanceof Op.Dense;
                if (consumer && hasRemoved(keep[in(n, 0)])) watched.add(n.inputs().get(0));
            }
            if (watched.isEmpty()) return Map.of();
            Map<String, double[]> sums = new HashMap<>();
            Calibrator.run(g, calibration, calibrationPrimitive, watched, (node, values, batch) -> {
                int size = values.length / batch;
                double[] s = sums.computeIfAbsent(node.name(), k -> new double[size]);
                for (int b = 0; b < batch; b++) for (int i = 0; i < size; i++) s[i] += values[b * size + i];
            });
            Map<String, float[]> means = new HashMap<>();
            for (var e : sums.entrySet()) {
                float[] m = new float[e.getValue().length];
                for (int i = 0; i < m.length; i++) m[i] = (float) (e.getValue()[i] / calibration.count());
                means.put(e.getKey(), m);
            }
            notes.add("bias correction from " + calibration.count() + " calibration images");
            return means;
        }

        Op rewrite(int i, Node n, boolean[][] keep, Map<String, float[]> means, Map<Integer, List<Integer>> groups,
                   Map<Integer, String> skipReason) {
            Op op = n.op();
            if (op instanceof Op.Conv2d c && c.spec().groups() == 1) {
                boolean[] outKeep = keep[i];
                String input = n.inputs().get(0);
                boolean[] inKeep = keep[in(n, 0)];
                ConvSpec s = c.spec();
                if (outKeep == null) {
                    String why = skipReason.get(find(i));
                    entries.add(new CompressionReport.LayerReport(NAME, n.name(), "skipped", why == null ? "not prunable" : why,
                            Map.of("filters_before", (double) s.outChannels(), "filters_after", (double) s.outChannels())));
                }
                if (outKeep == null && !hasRemoved(inKeep)) return op;
                int[] ks = kept(outKeep, s.outChannels()), cs = kept(inKeep, s.inChannels());
                int rs = s.kernelH() * s.kernelW();
                float[] bias = c.bias() == null ? null : c.bias().clone();
                boolean corrected = false;
                float[] mean = means.get(input);
                if (mean != null && hasRemoved(inKeep)) {
                    int plane = planeOf(input);
                    if (bias == null) bias = new float[s.outChannels()];
                    for (int k = 0; k < s.outChannels(); k++) {
                        double add = 0;
                        for (int ch = 0; ch < s.inChannels(); ch++) {
                            if (inKeep[ch]) continue;
                            double m = 0;
                            for (int t = 0; t < plane; t++) m += mean[ch * plane + t];
                            m /= plane;
                            double wsum = 0;
                            for (int t = 0; t < rs; t++) wsum += c.weight()[(k * s.inChannels() + ch) * rs + t];
                            add += m * wsum;
                        }
                        bias[k] += (float) add;
                    }
                    corrected = true;
                }
                float[] w = new float[ks.length * cs.length * rs];
                for (int a = 0; a < ks.length; a++) {
                    for (int b = 0; b < cs.length; b++) {
                        System.arraycopy(c.weight(), (ks[a] * s.inChannels() + cs[b]) * rs, w, (a * cs.length + b) * rs, rs);
                    }
                }
                float[] nb = bias == null ? null : select(bias, ks, 1);
                if (outKeep != null) {
                    List<Integer> roots = roots(groups.get(find(i)));
                    String with = roots.size() > 1 ? ", common mask with " + roots.stream().filter(r -> r != i)
                            .map(r -> nodes.get(r).name()).collect(Collectors.joining(" ")) : "";
                    entries.add(new CompressionReport.LayerReport(NAME, n.name(), "filters-removed",
                            String.format(Locale.ROOT, "%d -> %d filters, removed %s (smallest L1)%s", s.outChannels(), ks.length,
                                    Arrays.toString(removed(outKeep)), with),
                            Map.of("filters_before", (double) s.outChannels(), "filters_after", (double) ks.length,
                                    "removed", (double) (s.outChannels() - ks.length))));
                }
                if (hasRemoved(inKeep)) {
                    entries.add(new CompressionReport.LayerReport(NAME, n.name(), "inputs-removed",
                            String.format(Locale.ROOT, "%d -> %d input channels%s", s.inChannels(), cs.length, corrected ? ", bias corrected" : ""),
                            Map.of("inputs_before", (double) s.inChannels(), "inputs_after", (double) cs.length,
                                    "bias_corrected", corrected ? 1.0 : 0.0)));
                }
                ConvSpec ns = new ConvSpec(cs.length, ks.length, s.kernelH(), s.kernelW(), s.strideH(), s.strideW(), s.padH(), s.padW(), 1);
                return new Op.Conv2d(ns, w, nb, null);
            }
            if (op instanceof Op.Conv2d c && c.spec().depthwise()) {
                boolean[] k = keep[i];
                if (!hasRemoved(k)) return op;
                ConvSpec s = c.spec();
                int[] ks = kept(k, s.outChannels());
                int rs = s.kernelH() * s.kernelW();
                entries.add(new CompressionReport.LayerReport(NAME, n.name(), "channels-removed",
                        String.format(Locale.ROOT, "depthwise %d -> %d channels", s.outChannels(), ks.length),
                        Map.of("channels_before", (double) s.outChannels(), "channels_after", (double) ks.length)));
                ConvSpec ns = new ConvSpec(ks.length, ks.length, s.kernelH(), s.kernelW(), s.strideH(), s.strideW(), s.padH(), s.padW(), ks.length);
                return new Op.Conv2d(ns, select(c.weight(), ks, rs), c.bias() == null ? null : select(c.bias(), ks, 1), null);
            }
            if (op instanceof Op.BatchNorm bn) {
                boolean[] k = keep[i];
                if (!hasRemoved(k)) return op;
                int[] ks = kept(k, bn.gamma().length);
                entries.add(new CompressionReport.LayerReport(NAME, n.name(), "channels-removed",
                        String.format(Locale.ROOT, "BatchNorm %d -> %d channels", bn.gamma().length, ks.length),
                        Map.of("channels_before", (double) bn.gamma().length, "channels_after", (double) ks.length)));
                return new Op.BatchNorm(select(bn.gamma(), ks, 1), select(bn.beta(), ks, 1), select(bn.mean(), ks, 1),
                        select(bn.var(), ks, 1), bn.eps());
            }
            if (op instanceof Op.Dense d) {
                String input = n.inputs().get(0);
                boolean[] chKeep = keep[in(n, 0)];
                if (!hasRemoved(chKeep)) return op;
                boolean[] cols = expand(chKeep, planeOf(input));
                int[] js = kept(cols, d.in());
                float[] bias = d.bias() == null ? null : d.bias().clone();
                float[] mean = means.get(input);
                boolean corrected = mean != null;
                if (corrected) {
                    if (bias == null) bias = new float[d.out()];
                    for (int o = 0; o < d.out(); o++) {
                        double add = 0;
                        for (int j = 0; j < d.in(); j++) if (!cols[j]) add += (double) mean[j] * d.weight()[o * d.in() + j];
                        bias[o] += (float) add;
                    }
                }
                float[] w = new float[d.out() * js.length];
                for (int o = 0; o < d.out(); o++) for (int a = 0; a < js.length; a++) w[o * js.length + a] = d.weight()[o * d.in() + js[a]];
                entries.add(new CompressionReport.LayerReport(NAME, n.name(), "inputs-removed",
                        String.format(Locale.ROOT, "%d -> %d input features%s", d.in(), js.length, corrected ? ", bias corrected" : ""),
                        Map.of("inputs_before", (double) d.in(), "inputs_after", (double) js.length, "bias_corrected", corrected ? 1.0 : 0.0)));
                return new Op.Dense(js.length, d.out(), w, bias, null);
            }
            return op;
        }
    }

    /** L1 norm of each output filter of a conv. */
    static double[] l1Norms(Op.Conv2d c) {
        int k = c.spec().outChannels();
        int per = c.weight().length / k;
        double[] l1 = new double[k];
        for (int ch = 0; ch < k; ch++) for (int i = ch * per; i < (ch + 1) * per; i++) l1[ch] += Math.abs(c.weight()[i]);
        return l1;
    }

    static boolean hasRemoved(boolean[] keep) {
        if (keep == null) return false;
        for (boolean b : keep) if (!b) return true;
        return false;
    }

    static boolean[] allTrue(int n) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, true);
        return b;
    }

    static boolean[] expand(boolean[] keep, int plane) {
        boolean[] out = new boolean[keep.length * plane];
        for (int c = 0; c < keep.length; c++) Arrays.fill(out, c * plane, (c + 1) * plane, keep[c]);
        return out;
    }

    static int[] kept(boolean[] keep, int n) {
        if (keep == null) return IntStream.range(0, n).toArray();
        return IntStream.range(0, n).filter(i -> keep[i]).toArray();
    }

    static int[] removed(boolean[] keep) {
        return IntStream.range(0, keep.length).filter(i -> !keep[i]).toArray();
    }

    /** Blocks of {@code per} values at the kept indices. */
    static float[] select(float[] values, int[] idx, int per) {
        float[] out = new float[idx.length * per];
        for (int a = 0; a < idx.length; a++) System.arraycopy(values, idx[a] * per, out, a * per, per);
        return out;
    }
}
