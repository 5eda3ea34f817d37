package org.dlas.models;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dlas.ir.Graph;
import org.dlas.ir.Int8Params;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvSpec;

class ModelIOTest {

    /** Every operator kind, with and without bias and int8 parameters. */
    static Graph allOps() {
        float[] w1 = new float[4 * 1 * 3 * 3];
        for (int i = 0; i < w1.length; i++) w1[i] = i * 0.25f - 3;
        Int8Params q = new Int8Params(new byte[] {1, -2, 3, -128, 127, 0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
            23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34}, new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 0.05f, -3);
        float[] wdw = new float[4 * 9];
        Arrays.fill(wdw, -1.5f);
        float[] wd = new float[8 * 3];
        for (int i = 0; i < wd.length; i++) wd[i] = (float) Math.sin(i);
        List<Node> n = new ArrayList<>();
        n.add(Node.of("in", new Op.Input(1, 6, 6)));
        n.add(Node.of("conv", new Op.Conv2d(new ConvSpec(1, 4, 3, 3, 1, 1, 1, 1, 1), w1, new float[] {1, 2, 3, Float.MIN_VALUE}, null), "in"));
        n.add(Node.of("convq", new Op.Conv2d(new ConvSpec(1, 4, 3, 3, 1, 1, 1, 1, 1), w1, null, q), "in"));
        n.add(Node.of("bn", new Op.BatchNorm(new float[] {1, 2, 3, 4}, new float[] {0, -1, 0, 1}, new float[] {0.5f, 0, 0, 0},
                new float[] {1, 1, 2, 3}, 1e-3f), "conv"));
        n.add(Node.of("relu", new Op.Relu(), "bn"));
        n.add(Node.of("relu6", new Op.Relu6(), "convq"));
        n.add(Node.of("add", new Op.Add(), "relu", "relu6"));
        n.add(Node.of("dw", new Op.Conv2d(new ConvSpec(4, 4, 3, 3, 2, 2, 1, 1, 4), wdw, null, null), "add"));
        n.add(Node.of("max", new Op.MaxPool(2, 2, 0), "add"));
        n.add(Node.of("avg", new Op.AvgPool(3, 2, 1), "add"));
        n.add(Node.of("cat", new Op.Concat(), "max", "avg", "dw"));
        n.add(Node.of("gap", new Op.GlobalAvgPool(), "cat"));
        n.add(Node.of("flat", new Op.Flatten(), "max"));
        n.add(Node.of("fc0", new Op.Dense(36, 8, new float[36 * 8], null, null), "flat"));
        n.add(Node.of("fc", new Op.Dense(8, 3, wd, new float[] {Float.NaN, Float.NEGATIVE_INFINITY, -0f}, null), "fc0"));
        n.add(Node.of("fcq", new Op.Dense(12, 2, new float[24], new float[2],
                new Int8Params(new byte[24], new float[] {1, 2}, 1f, 0)), "gap"));
        n.add(Node.of("sm", new Op.Softmax(), "fc"));
        return new Graph("all-ops", n, "sm");
    }

    static void assertSameGraph(Graph a, Graph b) {
        assertEquals(a.name(), b.name());
        assertEquals(a.output(), b.output());
        assertEquals(a.nodes().size(), b.nodes().size());
        for (int i = 0; i < a.nodes().size(); i++) {
            Node x = a.nodes().get(i), y = b.nodes().get(i);
            assertEquals(x.name(), y.name());
            assertEquals(x.inputs(), y.inputs());
            assertEquals(x.op().kind(), y.op().kind());
            assertEquals(describe(x.op()), describe(y.op()), x.name());
        }
        assertEquals(a.shapes(), b.shapes());
    }

    /** Text of every field of an op, arrays included (bit patterns of floats). */
    static String describe(Op op) {
        StringBuilder sb = new StringBuilder(op.kind());
        for (var c : op.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(op);
                sb.append(' ').append(c.getName()).append('=');
                if (v instanceof float[] f) {
                    int[] bits = new int[f.length];
                    for (int i = 0; i < f.length; i++) bits[i] = Float.floatToRawIntBits(f[i]);
                    sb.append(Arrays.toString(bits));
                } else if (v instanceof int[] ints) {
                    sb.append(Arrays.toString(ints));
                } else if (v instanceof Int8Params q) {
                    sb.append(Arrays.toString(q.weights())).append(Arrays.toString(q.weightScales())).append(q.inputScale()).append(q.inputZeroPoint());
                } else {
                    sb.append(v);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return sb.toString();
    }

    @Test
    void roundTripsEveryOperatorAndMetadata(@TempDir Path dir) throws IOException {
        Graph g = allOps();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", "all-ops");
        meta.put("unicode", "Zalando \u00e9 \u2713");
        meta.put("empty", "");
        Path file = dir.resolve("sub/all.dlasm");
        ModelIO.save(g, meta, file);
        ModelIO.Stored s = ModelIO.read(file);
        assertSameGraph(g, s.graph());
        assertEquals(meta, s.metadata());
        assertEquals(List.copyOf(meta.keySet()), List.copyOf(s.metadata().keySet()), "metadata order kept");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary files left behind");
        }
        assertNull(((Op.Conv2d) s.graph().node("convq").op()).bias());
        assertNull(((Op.Conv2d) s.graph().node("conv").op()).quant());
        assertEquals(-3, ((Op.Conv2d) s.graph().node("convq").op()).quant().inputZeroPoint());
        assertSameGraph(g, ModelIO.load(file));
    }

    /** The operators imported models bring: element-wise ones, Select, Reciprocal, rectangular pools. */
    static Graph importedOps() {
        List<Node> n = new ArrayList<>();
        n.add(Node.of("in", new Op.Input(3, 6, 5)));
        n.add(Node.of("sig", new Op.Sigmoid(), "in"));
        n.add(Node.of("mul", new Op.Mul(), "in", "sig"));
        n.add(Node.of("tanh", new Op.Tanh(), "mul"));
        n.add(Node.of("hs", new Op.HardSigmoid(0.2f, 0.5f), "tanh"));
        n.add(Node.of("prelu", new Op.PRelu(new float[] {0.1f, -0.2f, Float.MIN_VALUE}), "hs"));
        n.add(Node.of("clip", new Op.Clip(-1f, 2.5f), "prelu"));
        n.add(Node.of("lrn", new Op.Lrn(3, 1e-3f, 0.75f, 2f), "clip"));
        n.add(Node.of("inv", new Op.Reciprocal(), "lrn"));
        n.add(Node.of("sel", new Op.Select(new int[] {2, 0, 0}, new int[] {0, 0, 5, 3}, new int[] {4, 1}), "inv"));
        n.add(Node.of("tall", new Op.MaxPool(3, 1, 1, 2, 1, 0), "sel"));
        n.add(Node.of("wide", new Op.AvgPool(1, 2, 2, 1, 0, 1), "tall"));
        n.add(Node.of("smooth", new Op.LinearResize(5, 7, 1.25f, 3.5f, "align_corners"), "wide"));
        return new Graph("imported-ops", n);
    }

    @Test
    void roundTripsTheImportedModelsOperators() {
        Graph g = importedOps();
        assertSameGraph(g, ModelIO.fromBytes(ModelIO.toBytes(g, Map.of())).graph());
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        for (Graph x : List.of(allOps(), g)) for (Node node : x.nodes()) seen.add(node.op().getClass());
        for (Class<?> c : Op.class.getPermittedSubclasses()) assertTrue(seen.contains(c), c.getSimpleName() + " is not written by either graph");
        // a square window keeps the three-number form files had before rectangular windows
        byte[] square = ModelIO.toBytes(new Graph("p", List.of(Node.of("in", new Op.Input(1, 4, 4)), Node.of("p", new Op.MaxPool(2, 2, 0), "in"))), Map.of());
        byte[] general = ModelIO.toBytes(new Graph("p", List.of(Node.of("in", new Op.Input(1, 4, 4)), Node.of("p", new Op.MaxPool(2, 2, 2, 2, 0, 0), "in"))), Map.of());
        assertArrayEquals(square, general);
    }

    @Test
    void roundTripsEveryZooArchitecture() {
        for (String name : ModelZoo.names()) {
            Graph g = ModelZoo.architecture(name, 3);
            assertSameGraph(g, ModelIO.fromBytes(ModelIO.toBytes(g, Map.of())).graph());
        }
    }

    @Test
    void copyIsDeep() {
        Graph g = allOps();
        Graph c = ModelIO.copy(g);
        assertSameGraph(g, c);
        ((Op.Conv2d) c.node("conv").op()).weight()[0] = 42;
        assertNotEquals(42f, ((Op.Conv2d) g.node("conv").op()).weight()[0]);
    }

    @Test
    void rejectsCorruptTruncatedAndForeignFiles(@TempDir Path dir) throws IOException {
        byte[] bytes = ModelIO.toBytes(allOps(), Map.of("k", "v"));
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        UncheckedIOException corrupt = assertThrows(UncheckedIOException.class, () -> ModelIO.fromBytes(flipped));
        assertNotNull(corrupt.getMessage());
        UncheckedIOException truncated = assertThrows(UncheckedIOException.class,
                () -> ModelIO.fromBytes(Arrays.copyOf(bytes, bytes.length - 5)));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        Path foreign = dir.resolve("foreign.dlasm");
        Files.write(foreign, "hello, this is not a model".getBytes());
        IOException e = assertThrows(IOException.class, () -> ModelIO.read(foreign));
        assertTrue(e.getMessage().contains("foreign.dlasm") && e.getMessage().contains("magic"), e.getMessage());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(UncheckedIOException.class, () -> ModelIO.fromBytes(longer));
    }
}
