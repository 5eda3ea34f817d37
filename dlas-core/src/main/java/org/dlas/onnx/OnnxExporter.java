package org.dlas.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlas.ir.Graph;
import org.dlas.ir.Int8Params;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.kernels.ConvSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Exports a dlas {@link Graph} as an ONNX model (opset 13, IR version 7) that ONNX Runtime runs
 * and {@link OnnxImporter} reads back into an identical graph.
 *
 * <p>Every IR node becomes an ONNX node of the same name whose output tensor also has that name;
 * the input is a float tensor [N,C,H,W] with a symbolic batch N. Weights are initializers holding
 * little-endian fp32 raw data: Conv2d as Conv (weight [K,C/g,R,S], symmetric pads), Dense as Gemm
 * with transB=1 (weight [out,in]), BatchNorm as BatchNormalization, Relu6 as Clip with constant
 * min 0 and max 6, AvgPool as AveragePool with count_include_pad=0, GlobalAvgPool, Add, Concat
 * (axis 1), Flatten (axis 1) and Softmax. The IR's implicit layout changes are spelled out: a Dense
 * reading a C x H x W activation is preceded by a Flatten (marked in its doc_string so the importer
 * drops it again); a Softmax over a C x H x W activation (H*W > 1) becomes Flatten, Softmax,
 * Reshape back; an op that needs 4-D input but reads a Dense/Flatten output gets a Reshape to
 * [N,F,1,1].
 *
 * <p>int8-quantised layers ({@link Int8Params} set) are exported with their dequantised weights
 * ({@code int8 weight * per-channel scale}) and fp32 bias, i.e. as the fp32 layer they approximate;
 * the activation quantisation (input scale and zero point) is not written, so ONNX Runtime computes
 * them in fp32. {@code dlas convcheck} (onnx-runtime module) measures where that shows and rewrites such
 * layers of an exported model into QuantizeLinear/DequantizeLinear pairs or ONNX integer operators.
 */
public final class OnnxExporter {
    public static final int OPSET = 13;
    public static final int IR_VERSION = 7;
    /** doc_string of a Flatten the exporter inserts in front of a Gemm; the importer drops such nodes. */
    public static final String IMPLICIT_FLATTEN = "dlas:implicit-flatten";
    /** doc_string of a Gather that is one step of a Select changing several axes; the importer merges the chain. */
    public static final String IMPLICIT_SELECT = "dlas:implicit-select";

    private OnnxExporter() { }

    public static void save(Graph graph, Path path) throws IOException {
        Files.write(path, toBytes(graph));
    }

    public static byte[] toBytes(Graph graph) {
        return ProtoWriter.write(toModel(graph));
    }

    public static ModelProto toModel(Graph graph) {
        return new ModelProto(IR_VERSION, List.of(new OperatorSetId("", OPSET)), "dlas", "", new Builder(graph).build());
    }

    /** The weights a layer is exported with: dequantised when it is int8-quantised. */
    static float[] exportedWeights(float[] weight, Int8Params q) {
        if (q == null) return weight;
        byte[] w = q.weights();
        float[] s = q.weightScales();
        int per = w.length / s.length;
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) out[i] = w[i] * s[i / per];
        return out;
    }

    private static final class Builder {
        private final Graph graph;
        private final List<NodeProto> nodes = new ArrayList<>();
        private final List<TensorProto> inits = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private final Map<String, Integer> rank = new HashMap<>();
        private final Map<String, String> view4d = new HashMap<>(), flatView = new HashMap<>();
        private String clipMin, clipMax;

        Builder(Graph graph) {
            this.graph = graph;
            for (Node n : graph.nodes()) names.add(n.name());
        }

        GraphProto build() {
            List<ValueInfoProto> inputs = new ArrayList<>();
            for (Node n : graph.nodes()) {
                if (n.op() instanceof Op.Input) {
                    rank.put(n.name(), 4);
                    inputs.add(info(n.name(), 4));
                } else {
                    export(n);
                }
            }
            String out = graph.output();
            return new GraphProto(graph.name(), nodes, inits, inputs, List.of(info(out, rank.get(out))), List.of());
        }

        private ValueInfoProto info(String irName, int r) {
            Shape s = graph.shape(irName);
            List<ValueInfoProto.Dim> dims = new ArrayList<>();
            dims.add(ValueInfoProto.Dim.symbolic("N"));
            if (r == 4) {
                dims.add(ValueInfoProto.Dim.of(s.channels()));
                dims.add(ValueInfoProto.Dim.of(s.height()));
                dims.add(ValueInfoProto.Dim.of(s.width()));
            } else {
                dims.add(ValueInfoProto.Dim.of(s.size()));
            }
            return new ValueInfoProto(irName, TensorProto.FLOAT, dims);
        }

        private void export(Node n) {
            String name = n.name();
            Op op = n.op();
            List<String> in = n.inputs();
            if (op instanceof Op.Conv2d c) {
                ConvSpec s = c.spec();
                List<String> ins = new ArrayList<>(List.of(as4d(in.get(0)),
                        init(name + ".weight", new long[] {s.outChannels(), s.inPerGroup(), s.kernelH(), s.kernelW()}, exportedWeights(c.weight(), c.quant()))));
                if (c.bias() != null) ins.add(init(name + ".bias", new long[] {s.outChannels()}, c.bias()));
                add(name, "Conv", ins, name, 4, AttributeProto.ofInts("kernel_shape", s.kernelH(), s.kernelW()),
                        AttributeProto.ofInts("strides", s.strideH(), s.strideW()),
                        AttributeProto.ofInts("pads", s.padH(), s.padW(), s.padH(), s.padW()),
                        AttributeProto.ofInts("dilations", 1, 1), AttributeProto.ofInt("group", s.groups()));
            } else if (op instanceof Op.Dense d) {
                List<String> ins = new ArrayList<>(List.of(flatForDense(in.get(0)),
                        init(name + ".weight", new long[] {d.out(), d.in()}, exportedWeights(d.weight(), d.quant()))));
                if (d.bias() != null) ins.add(init(name + ".bias", new long[] {d.out()}, d.bias()));
                add(name, "Gemm", ins, name, 2, AttributeProto.ofInt("transB", 1));
            } else if (op instanceof Op.MaxPool p) {
                add(name, "MaxPool", List.of(as4d(in.get(0))), name, 4, poolAttrs(p));
            } else if (op instanceof Op.AvgPool p) {
                List<AttributeProto> a = new ArrayList<>(List.of(poolAttrs(p)));
                a.add(AttributeProto.ofInt("count_include_pad", 0));
                add(name, "AveragePool", List.of(as4d(in.get(0))), name, 4, a.toArray(AttributeProto[]::new));
            } else if (op instanceof Op.GlobalAvgPool) {
                add(name, "GlobalAveragePool", List.of(as4d(in.get(0))), name, 4);
            } else if (op instanceof Op.Relu) {
                add(name, "Relu", List.of(in.get(0)), name, rank.get(in.get(0)));
            } else if (op instanceof Op.Relu6) {
                if (clipMin == null) {
                    clipMin = init("relu6.min", new long[0], new float[] {0f});
                    clipMax = init("relu6.max", new long[0], new float[] {6f});
                }
                add(name, "Clip", List.of(in.get(0), clipMin, clipMax), name, rank.get(in.get(0)));
            } else if (op instanceof Op.Add || op instanceof Op.Concat) {
                boolean sameRank = in.stream().map(rank::get).distinct().count() == 1;
                List<String> ins = sameRank ? in : in.stream().map(this::as4d).toList();
                int r = sameRank ? rank.get(in.get(0)) : 4;
                if (op instanceof Op.Add) add(name, "Add", ins, name, r);
                else add(name, "Concat", ins, name, r, AttributeProto.ofInt("axis", 1));
            } else if (op instanceof Op.BatchNorm b) {
                int c = b.gamma().length;
                long[] dims = {c};
                List<String> ins = List.of(in.get(0), init(name + ".scale", dims, b.gamma()), init(name + ".bias", dims, b.beta()),
                        init(name + ".mean", dims, b.mean()), init(name + ".var", dims, b.var()));
                add(name, "BatchNormalization", ins, name, rank.get(in.get(0)), AttributeProto.ofFloat("epsilon", b.eps()));
            } else if (op instanceof Op.Flatten) {
                add(name, "Flatten", List.of(in.get(0)), name, 2, AttributeProto.ofInt("axis", 1));
            } else if (op instanceof Op.Softmax) {
                softmax(name, in.get(0));
            } else if (op instanceof Op.Mul) {
                int r0 = rank.get(in.get(0)), r1 = rank.get(in.get(1));
                boolean sameRank = r0 == r1;
                add(name, "Mul", sameRank ? in : List.of(as4d(in.get(0)), as4d(in.get(1))), name, sameRank ? r0 : 4);
            } else if (op instanceof Op.Sigmoid) {
                add(name, "Sigmoid", List.of(in.get(0)), name, rank.get(in.get(0)));
            } else if (op instanceof Op.Tanh) {
                add(name, "Tanh", List.of(in.get(0)), name, rank.get(in.get(0)));
            } else if (op instanceof Op.Reciprocal) {
                add(name, "Reciprocal", List.of(in.get(0)), name, rank.get(in.get(0)));
            } else if (op instanceof Op.HardSigmoid h) {
                add(name, "HardSigmoid", List.of(in.get(0)), name, rank.get(in.get(0)),
                        AttributeProto.ofFloat("alpha", h.alpha()), AttributeProto.ofFloat("beta", h.beta()));
            } else if (op instanceof Op.Clip c) {
                String min = init(name + ".min", new long[0], new float[] {c.min()});
                String max = init(name + ".max", new long[0], new float[] {c.max()});
                add(name, "Clip", List.of(in.get(0), min, max), name, rank.get(in.get(0)));
            } else if (op instanceof Op.PRelu p) {
                int r = rank.get(in.get(0));
                // ONNX broadcasts the slope from the right: [C,1,1] against [N,C,H,W], [C] against [N,C]
                long[] dims = r == 4 ? new long[] {p.slope().length, 1, 1} : new long[] {p.slope().length};
                add(name, "PRelu", List.of(in.get(0), init(name + ".slope", dims, p.slope())), name, r);
            } else if (op instanceof Op.Lrn l) {
                add(name, "LRN", List.of(as4d(in.get(0))), name, 4, AttributeProto.ofInt("size", l.size()),
                        AttributeProto.ofFloat("alpha", l.alpha()), AttributeProto.ofFloat("beta", l.beta()),
                        AttributeProto.ofFloat("bias", l.bias()));
            } else if (op instanceof Op.Select sel) {
                select(name, in.get(0), sel);
            } else if (op instanceof Op.LinearResize r) {
                // scales, not sizes: sizes would fix the batch; a scale whose product with the input falls short
                // of the output size by rounding is nudged up by ulps (ONNX floors in * scale)
                Shape s = graph.shape(in.get(0));
                float sh = reaching(r.scaleH(), s.height(), r.outH()), sw = reaching(r.scaleW(), s.width(), r.outW());
                String scales = init(name + ".scales", new long[] {4}, new float[] {1f, 1f, sh, sw});
                add(name, "Resize", List.of(as4d(in.get(0)), "", scales), name, 4, AttributeProto.ofString("mode", "linear"),
                        AttributeProto.ofString("coordinate_transformation_mode", r.mode()));
            } else {
                throw new InvalidInputException(ErrorKind.UNSUPPORTED, "cannot export node '" + name + "' (" + op.kind() + ") to ONNX").at(name);
            }
        }

        private void softmax(String name, String x) {
            Shape s = graph.shape(x);
            int r = rank.get(x);
            if (r == 2 || s.height() * s.width() == 1) {
                // over axis 1 of [N,F] or [N,C,1,1]: the whole image
                add(name, "Softmax", List.of(x), name, r, AttributeProto.ofInt("axis", 1));
                return;
            }
            String flat = fresh(name + "/flat");
            nodes.add(new NodeProto(List.of(x), List.of(flat), fresh(name + "/flatten"), "Flatten", List.of(AttributeProto.ofInt("axis", 1))));
            String soft = fresh(name + "/softmax");
            nodes.add(new NodeProto(List.of(flat), List.of(soft), name, "Softmax", List.of(AttributeProto.ofInt("axis", 1))));
            String shape = shapeInit(name + "/shape", new long[] {0, s.channels(), s.height(), s.width()});
            nodes.add(new NodeProto(List.of(soft, shape), List.of(name), fresh(name + "/unflatten"), "Reshape", List.of()));
            rank.put(name, 4);
        }

        /** One Gather with constant indices per axis the select changes (channels, then rows, then columns). */
        private void select(String name, String x, Op.Select sel) {
            Shape s = graph.shape(x);
            int[][] idx = {sel.channels(), sel.rows(), sel.cols()};
            int[] len = {s.channels(), s.height(), s.width()};
            // a flattened [N,F] input keeps rank 2 when only features are picked
            boolean flat = rank.get(x) == 2 && idx[1].length == 1 && idx[2].length == 1;
            String cur = flat ? x : as4d(x);
            List<Integer> axes = new ArrayList<>();
            for (int a = 0; a < 3; a++) if (!Op.Select.keepsAll(idx[a], len[a])) axes.add(a);
            if (axes.isEmpty()) axes.add(0); // an identity select still gets a node named after it
            for (int i = 0; i < axes.size(); i++) {
                int a = axes.get(i);
                long[] v = java.util.Arrays.stream(idx[a]).asLongStream().toArray();
                String indices = shapeInit(name + ".indices" + a, v);
                String out = i == axes.size() - 1 ? name : fresh(name + "/axis" + (a + 1));
                if (i == axes.size() - 1) {
                    add(name, "Gather", List.of(cur, indices), out, flat ? 2 : 4, AttributeProto.ofInt("axis", a + 1));
                } else {
                    // marked, so that the importer makes one Select of the chain again
                    nodes.add(new NodeProto(List.of(cur, indices), List.of(out), fresh(name + "/gather" + (a + 1)), "Gather", "",
                            List.of(AttributeProto.ofInt("axis", a + 1)), IMPLICIT_SELECT));
                    rank.put(out, flat ? 2 : 4);
                }
                cur = out;
            }
        }

        private static float reaching(float scale, int in, int out) {
            float s = scale;
            while (Math.floor(in * (double) s) < out) s = Math.nextUp(s);
            return s;
        }

        private AttributeProto[] poolAttrs(Op.Pooling p) {
            return new AttributeProto[] {AttributeProto.ofInts("kernel_shape", p.kernelH(), p.kernelW()),
                    AttributeProto.ofInts("strides", p.strideH(), p.strideW()), AttributeProto.ofInts("pads", p.padH(), p.padW(), p.padH(), p.padW())};
        }

        private void add(String nodeName, String opType, List<String> inputs, String output, int outRank, AttributeProto... attrs) {
            nodes.add(new NodeProto(inputs, List.of(output), nodeName, opType, List.of(attrs)));
            rank.put(output, outRank);
        }

        /** The activation of IR node {@code ir} as [N,C,H,W]: itself, or a Reshape of an [N,F] one to [N,F,1,1]. */
        private String as4d(String ir) {
            if (rank.get(ir) == 4) return ir;
            return view4d.computeIfAbsent(ir, k -> {
                Shape s = graph.shape(ir);
                String out = fresh(ir + "/4d");
                String shape = shapeInit(ir + "/shape4d", new long[] {0, s.channels(), s.height(), s.width()});
                nodes.add(new NodeProto(List.of(ir, shape), List.of(out), fresh(ir + "/to4d"), "Reshape", List.of()));
                return out;
            });
        }

        /** The activation of IR node {@code ir} as [N,F] for a Gemm: itself, or a marked Flatten. */
        private String flatForDense(String ir) {
            if (rank.get(ir) == 2) return ir;
            return flatView.computeIfAbsent(ir, k -> {
                String out = fresh(ir + "/flat");
                nodes.add(new NodeProto(List.of(ir), List.of(out), fresh(ir + "/flatten"), "Flatten", "",
                        List.of(AttributeProto.ofInt("axis", 1)), IMPLICIT_FLATTEN));
                return out;
            });
        }

        private String init(String base, long[] dims, float[] values) {
            String name = fresh(base);
            inits.add(TensorProto.ofFloats(name, dims, values));
            return name;
        }

        private String shapeInit(String base, long[] values) {
            String name = fresh(base);
            inits.add(TensorProto.ofLongs(name, new long[] {values.length}, values));
            return name;
        }

        private String fresh(String base) {
            String name = base;
            for (int i = 1; names.contains(name); i++) name = base + "_" + i;
            names.add(name);
            return name;
        }
    }
}
