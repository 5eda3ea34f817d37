package org.dlas.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import(export(g)) is g: same nodes, wiring and bit-identical weights, and the same outputs. */
class RoundTripTest {
    @TempDir Path dir;

    @Test void cnnCoveringEverySpatialOperator() throws Exception { roundTrip(TestGraphs::cnn); }

    @Test void implicitLayoutChanges() throws Exception { roundTrip(TestGraphs::layouts); }

    @Test void featureVectorInput() throws Exception { roundTrip(TestGraphs::mlp); }

    @Test void elementwiseOperators() throws Exception { roundTrip(TestGraphs::activations); }

    @Test void selections() throws Exception { roundTrip(TestGraphs::selections); }

    private void roundTrip(Supplier<Graph> make) throws Exception {
        Graph g = make.get();
        Path file = dir.resolve(g.name() + ".onnx");
        OnnxExporter.save(g, file);
        Graph back = OnnxImporter.load(file);
        TestGraphs.assertSameGraph(g, back);
        float[] x = TestGraphs.images(g, 3, 7);
        assertArrayEquals(TestGraphs.run(g, x, 3), TestGraphs.run(back, x, 3));
        // and a second trip changes nothing in the file
        assertArrayEquals(OnnxExporter.toBytes(g), OnnxExporter.toBytes(back));
    }

    @Test void everyOperatorIsCovered() {
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        for (Graph g : List.of(TestGraphs.cnn(), TestGraphs.layouts(), TestGraphs.mlp(), TestGraphs.activations(), TestGraphs.selections())) for (Node n : g.nodes()) seen.add(n.op().getClass());
        for (Class<?> c : Op.class.getPermittedSubclasses()) assertTrue(seen.contains(c), c.getSimpleName() + " not covered");
    }

    @Test void exportedFileIsPlainOnnx() {
        ModelProto m = OnnxExporter.toModel(TestGraphs.cnn());
        assertEquals(7, m.irVersion());
        assertEquals(13, m.defaultOpset());
        GraphProto g = m.graph();
        assertEquals("image", g.inputs().get(0).name());
        assertEquals("[N, 3, 11, 9]", g.inputs().get(0).shape().toString());
        assertEquals("[N, 10]", g.outputs().get(0).shape().toString());
        NodeProto clip = g.nodes().stream().filter(n -> n.name().equals("stem_act")).findFirst().orElseThrow();
        assertEquals("Clip", clip.opType());
        assertEquals(3, clip.inputs().size());
        NodeProto ap = g.nodes().stream().filter(n -> n.name().equals("ap")).findFirst().orElseThrow();
        assertEquals(0, ap.attribute("count_include_pad").orElseThrow().i());
        for (TensorProto t : g.initializers()) {
            assertTrue(t.rawData() != null && t.floatData().length == 0, t + " should be raw data");
        }
        TensorProto w = g.initializers().stream().filter(t -> t.name().equals("stem.weight")).findFirst().orElseThrow();
        assertArrayEquals(new long[] {8, 3, 3, 3}, w.dims());
        // raw data is little-endian fp32
        float first = ((Op.Conv2d) TestGraphs.cnn().node("stem").op()).weight()[0];
        int bits = (w.rawData()[0] & 0xff) | (w.rawData()[1] & 0xff) << 8 | (w.rawData()[2] & 0xff) << 16 | (w.rawData()[3] & 0xff) << 24;
        assertEquals(Float.floatToIntBits(first), bits);
    }

    @Test void quantisedLayersExportDequantisedWeights() throws Exception {
        Graph q = TestGraphs.quantised();
        Path file = dir.resolve("q.onnx");
        OnnxExporter.save(q, file);
        Graph back = OnnxImporter.load(file);
        Op.Conv2d stem = (Op.Conv2d) q.node("stem").op(), stemBack = (Op.Conv2d) back.node("stem").op();
        assertNull(stemBack.quant());
        int per = stem.weight().length / stem.spec().outChannels();
        for (int i = 0; i < stem.weight().length; i++) {
            float deq = stem.quant().weights()[i] * stem.quant().weightScales()[i / per];
            assertEquals(Float.floatToIntBits(deq), Float.floatToIntBits(stemBack.weight()[i]), "weight " + i);
        }
        assertArrayEquals(stem.bias(), stemBack.bias());
        Op.Dense fc = (Op.Dense) back.node("fc").op();
        assertNull(fc.quant());
        // every other layer is unchanged
        Graph fp32 = TestGraphs.cnn();
        TestGraphs.assertSameValue(fp32.node("pw").op(), back.node("pw").op(), "pw");
        // the dequantised model stays close to the fp32 one it came from
        float[] x = TestGraphs.images(fp32, 2, 5);
        double err = TestGraphs.maxAbsDiff(TestGraphs.run(fp32, x, 2), TestGraphs.run(back, x, 2));
        assertTrue(err < 0.05, "dequantised model differs by " + err);
    }
}
