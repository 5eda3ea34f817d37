package org.dlas.tuner.tvm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.dlas.ir.Graph;
import org.dlas.ir.Int8Params;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.kernels.ConvSpec;

/**
 * The input of one TVM build: the model graph as {@code job.json} (nodes in order, attributes,
 * weights as offsets) plus {@code weights.bin} (little-endian arrays), and the build options.
 * the build package {@code dlas_tvm} turns it into Relay. The bytes are deterministic, so they also key the cache.
 */
public final class RelayJob {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final byte[] jobJson;
    private final byte[] weights;

    private RelayJob(byte[] jobJson, byte[] weights) {
        this.jobJson = jobJson;
        this.weights = weights;
    }

    public static RelayJob of(Graph graph, TvmBuildOptions options) {
        WeightBuffer buffer = new WeightBuffer();
        List<Map<String, Object>> nodes = graph.nodes().stream().map(n -> node(graph, n, buffer)).toList();
        Map<String, Object> job = new LinkedHashMap<>(options.asJson());
        job.put("model", graph.name());
        job.put("nodes", nodes);
        job.put("output", graph.output());
        try {
            return new RelayJob(JSON.writeValueAsBytes(job), buffer.bytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the TVM job", e);
        }
    }

    public byte[] jobJson() { return jobJson.clone(); }
    public byte[] weights() { return weights.clone(); }

    public void writeTo(Path dir) throws IOException {
        Files.write(dir.resolve("job.json"), jobJson);
        Files.write(dir.resolve("weights.bin"), weights);
    }

    private static Map<String, Object> node(Graph graph, Node n, WeightBuffer w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", n.name());
        m.put("op", n.op().kind());
        m.put("inputs", n.inputs());
        Shape s = graph.shape(n.name());
        m.put("shape", List.of(s.channels(), s.height(), s.width()));
        Map<String, Object> a = attrs(n.op(), w);
        if (n.op() instanceof Op.LinearResize r) linearResize(a, r, graph.shape(n.inputs().get(0)));
        if (!a.isEmpty()) m.put("attrs", a);
        return m;
    }

    /** The taps themselves: TVM's resize2d derives its scale from the sizes, where ONNX may give another. */
    private static void linearResize(Map<String, Object> a, Op.LinearResize r, Shape in) {
        taps(a, "rows", "row_weight", r.rows(in.height()));
        taps(a, "cols", "col_weight", r.cols(in.width()));
    }

    /** One axis's taps: the two source indices ({@code axis}0, {@code axis}1) and the second's weight. */
    private static void taps(Map<String, Object> a, String axis, String weightKey, Op.LinearResize.Taps t) {
        a.put(axis + "0", t.first());
        a.put(axis + "1", t.second());
        a.put(weightKey, t.weight());
    }

    private static Map<String, Object> attrs(Op op, WeightBuffer w) {
        Map<String, Object> a = new LinkedHashMap<>();
        if (op instanceof Op.Input in) {
            a.put("channels", in.channels());
            a.put("height", in.height());
            a.put("width", in.width());
        } else if (op instanceof Op.Conv2d c) {
            ConvSpec s = c.spec();
            a.put("out_channels", s.outChannels());
            a.put("kernel_h", s.kernelH());
            a.put("kernel_w", s.kernelW());
            a.put("stride_h", s.strideH());
            a.put("stride_w", s.strideW());
            a.put("pad_h", s.padH());
            a.put("pad_w", s.padW());
            a.put("groups", s.groups());
            a.put("weight", w.add(c.weight(), s.outChannels(), s.inPerGroup(), s.kernelH(), s.kernelW()));
            if (c.bias() != null) a.put("bias", w.add(c.bias(), c.bias().length));
            if (c.quant() != null) a.put("int8", int8(c.quant(), w));
        } else if (op instanceof Op.Dense d) {
            a.put("in", d.in());
            a.put("out", d.out());
            a.put("weight", w.add(d.weight(), d.out(), d.in()));
            if (d.bias() != null) a.put("bias", w.add(d.bias(), d.bias().length));
            if (d.quant() != null) a.put("int8", int8(d.quant(), w));
        } else if (op instanceof Op.Pooling p) {
            pool(a, p);
        } else if (op instanceof Op.BatchNorm b) {
            a.put("gamma", w.add(b.gamma(), b.gamma().length));
            a.put("beta", w.add(b.beta(), b.beta().length));
            a.put("mean", w.add(b.mean(), b.mean().length));
            a.put("var", w.add(b.var(), b.var().length));
            a.put("eps", b.eps());
        } else if (op instanceof Op.HardSigmoid h) {
            a.put("alpha", h.alpha());
            a.put("beta", h.beta());
        } else if (op instanceof Op.Clip c) {
            a.put("min", c.min());
            a.put("max", c.max());
        } else if (op instanceof Op.PRelu p) {
            a.put("slope", w.add(p.slope(), p.slope().length));
        } else if (op instanceof Op.Select sel) {
            a.put("channels", sel.channels());
            a.put("rows", sel.rows());
            a.put("cols", sel.cols());
        } else if (op instanceof Op.Lrn l) {
            a.put("size", l.size());
            a.put("alpha", l.alpha());
            a.put("beta", l.beta());
            a.put("bias", l.bias());
        }
        return a;
    }

    /** Square windows as before (the jobs of existing models are unchanged); others per axis. */
    private static void pool(Map<String, Object> a, Op.Pooling p) {
        if (p.square()) {
            a.put("kernel", p.kernel());
            a.put("stride", p.stride());
            a.put("pad", p.pad());
        } else {
            a.put("kernel", List.of(p.kernelH(), p.kernelW()));
            a.put("stride", List.of(p.strideH(), p.strideW()));
            a.put("pad", List.of(p.padH(), p.padW()));
        }
    }

    private static Map<String, Object> int8(Int8Params q, WeightBuffer w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weights", w.add(q.weights()));
        m.put("weight_scales", w.add(q.weightScales(), q.weightScales().length));
        m.put("input_scale", q.inputScale());
        m.put("input_zero_point", q.inputZeroPoint());
        return m;
    }

    /** Appends arrays to weights.bin and returns their {offset, dtype, shape} reference. */
    private static final class WeightBuffer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Map<String, Object> add(float[] values, int... shape) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            return append(b.array(), "<f4", shape);
        }

        Map<String, Object> add(byte[] values) { return append(values, "<i1", values.length); }

        private Map<String, Object> append(byte[] bytes, String dtype, int... shape) {
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("offset", out.size());
            ref.put("dtype", dtype);
            ref.put("shape", java.util.Arrays.stream(shape).boxed().toList());
            out.writeBytes(bytes);
            return ref;
        }

        byte[] bytes() { return out.toByteArray(); }
    }
}
