package org.dlas.accel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.target.HardwareTarget;
import org.dlas.target.PreparedModel;
import org.dlas.target.Targets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The targets through the HardwareTarget contract, as a sweep uses them, on trained models and real test images. */
class EndToEndTest {
    private static final Choice DIRECT = Choice.of("direct"), NONE = Choice.of("none");
    private static final List<Choice> HARDWARE = List.of(
            new Choice("systolic", Map.of("rows", 16, "cols", 16, "dataflow", "ws")),
            new Choice("maeri", Map.of("multipliers", 64, "dn_bw", 16, "rn_bw", 16)),
            new Choice("sigma", Map.of("multipliers", 128, "sparse", true)));

    private static int[] labels(float[] logits, int n) {
        int classes = logits.length / n;
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 1; c < classes; c++) if (logits[i * classes + c] > logits[i * classes + l[i]]) l[i] = c;
        }
        return l;
    }

    private static float[] jvm(Graph g, Dataset d) throws Exception {
        try (PreparedModel p = Targets.get("jvm").prepare(g, Choice.of("jvm"), DIRECT, NONE)) {
            return p.infer(d.images(), d.size());
        }
    }

    @Test
    void theTargetsAreInstalled() {
        assertTrue(Targets.installed().keySet().containsAll(List.of("jvm", "systolic", "maeri", "sigma")), Targets.installed().keySet().toString());
    }

    /** fp32: the same labels as the jvm target, image by image, and cycles > 0 with the other figures. */
    @ParameterizedTest
    @ValueSource(strings = {"lenet", "resnet"})
    void trainedModelsGetTheJvmLabelsAndReportCycles(String model) throws Exception {
        Graph g = RealModels.trained(model);
        Dataset d = RealModels.test(6);
        int[] expected = labels(jvm(g, d), d.size());
        for (Choice hw : HARDWARE) {
            try (PreparedModel p = Targets.get(hw.name()).prepare(g, hw, DIRECT, NONE)) {
                int[] got = new int[d.size()];
                for (int i = 0; i < d.size(); i++) got[i] = labels(p.infer(d.image(i), 1), 1)[0]; // batch 1, as a sweep does
                assertArrayEquals(expected, got, hw.label());
                Map<String, Double> m = p.extraMetrics();
                assertTrue(m.get("cycles") > 0, hw.label());
                assertTrue(m.get("energy_uj") > 0, hw.label());
                assertTrue(m.get("sim.utilisation") > 0 && m.get("sim.utilisation") <= 1, hw.label() + " " + m);
                assertTrue(m.get("sim.area_mm2") > 0 && m.get("sim.offchip_bytes") > 0 && m.get("sim.onchip_bytes") > 0, hw.label());
                assertEquals(m.get("cycles") / (m.get("sim.clock_mhz") * 1e3), m.get("sim.time_ms"), 1e-9);
                assertEquals(d.size(), m.get("sim.images"));
                assertTrue(m.containsKey("sim.analytical_cycles") && m.containsKey("sim.analytical_error"), m.toString());
                assertTrue(p.howMeasured().contains("wall-clock") && p.howMeasured().contains("'cycles'"), p.howMeasured());
                assertTrue(p.notes().contains("per image by layer"), p.notes());
            }
        }
    }

    @Test
    void int8ModelsGiveTheJvmTargetsOutputsExactly() throws Exception {
        Graph g = RealModels.int8("lenet");
        Dataset d = RealModels.test(4);
        float[] expected = jvm(g, d);
        for (Choice hw : HARDWARE) {
            try (PreparedModel p = Targets.get(hw.name()).prepare(g, hw, DIRECT, NONE)) {
                assertArrayEquals(expected, p.infer(d.images(), d.size()), 0f, hw.label());
            }
        }
    }

    /** Same inputs, same cycles; per-image figures do not depend on how many times the images ran. */
    @Test
    void simulationIsDeterministicAndReportedPerImage() throws Exception {
        Graph g = RealModels.trained("resnet");
        Dataset d = RealModels.test(3);
        for (Choice hw : HARDWARE) {
            HardwareTarget t = Targets.get(hw.name());
            Map<String, Double> first, twice;
            try (PreparedModel a = t.prepare(g, hw, DIRECT, NONE)) {
                a.infer(d.images(), d.size());
                first = a.extraMetrics();
                a.infer(d.images(), d.size());
                twice = a.extraMetrics();
            }
            try (PreparedModel b = t.prepare(g, hw, DIRECT, NONE)) {
                b.infer(d.images(), d.size());
                assertEquals(first, b.extraMetrics(), hw.label());
            }
            for (String k : List.of("cycles", "energy_uj", "sim.onchip_bytes", "sim.offchip_bytes", "sim.utilisation")) {
                assertEquals(first.get(k), twice.get(k), 1e-9 * Math.abs(first.get(k)), hw.label() + " " + k);
            }
            assertEquals(2 * d.size(), twice.get("sim.images"));
        }
    }

    /** The accelerator serves one image at a time: batching the host calls changes no figure. */
    @Test
    void perImageFiguresDoNotDependOnHostBatching() throws Exception {
        Graph g = RealModels.trained("lenet");
        Dataset d = RealModels.test(4);
        for (Choice hw : HARDWARE) {
            HardwareTarget t = Targets.get(hw.name());
            Map<String, Double> batched, single;
            float[] a, b = new float[40];
            try (PreparedModel p = t.prepare(g, hw, DIRECT, NONE)) {
                a = p.infer(d.images(), 4);
                batched = p.extraMetrics();
            }
            try (PreparedModel p = t.prepare(g, hw, DIRECT, NONE)) {
                for (int i = 0; i < 4; i++) System.arraycopy(p.infer(d.image(i), 1), 0, b, i * 10, 10);
                single = p.extraMetrics();
            }
            assertArrayEquals(a, b, hw.label());
            assertEquals(batched, single, hw.label());
        }
    }

    @Test
    void sigmaGainsFromPruningWhileMaeriAndTheSystolicArrayDoNot() throws Exception {
        Dataset d = RealModels.test(2);
        double[][] cycles = new double[HARDWARE.size()][2];
        String[] variants = {"resnet/prune0.0", "resnet/prune0.9"};
        for (int i = 0; i < 2; i++) {
            Graph g = RealModels.graph(variants[i]);
            for (int h = 0; h < HARDWARE.size(); h++) {
                Choice hw = HARDWARE.get(h);
                try (PreparedModel p = Targets.get(hw.name()).prepare(g, hw, DIRECT, NONE)) {
                    p.infer(d.images(), d.size());
                    cycles[h][i] = p.extraMetrics().get("cycles");
                }
            }
        }
        assertEquals(cycles[0][0], cycles[0][1], "the systolic array multiplies the zeros");
        assertEquals(cycles[1][0], cycles[1][1], "maeri multiplies the zeros");
        assertTrue(cycles[2][1] < 0.6 * cycles[2][0], "sigma cycles dense " + cycles[2][0] + " vs 90% pruned " + cycles[2][1]);
    }

    @Test
    void onlyTheDirectPrimitiveAndNoCodegenAreAccepted() {
        for (Choice hw : HARDWARE) {
            HardwareTarget t = Targets.get(hw.name());
            assertTrue(t.unsupported(hw, DIRECT, NONE).isEmpty());
            assertTrue(t.unsupported(hw, Choice.of("gemm"), NONE).orElseThrow().contains("primitive 'direct'"));
            assertTrue(t.unsupported(hw, DIRECT, Choice.of("tvm")).isPresent());
        }
    }

    @Test
    void badParametersAreRejectedClearly() {
        HardwareTarget maeri = Targets.get("maeri");
        Graph g = RealModels.trained("lenet");
        InvalidInputException pow2 = assertThrows(InvalidInputException.class,
                () -> maeri.prepare(g, new Choice("maeri", Map.of("multipliers", 48)), DIRECT, NONE));
        assertEquals(List.of(ErrorKind.OUT_OF_RANGE, "multipliers"), List.of(pow2.kind(), pow2.location()));
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> maeri.prepare(g, new Choice("maeri", Map.of("ms_num", 64)), DIRECT, NONE));
        assertEquals(List.of(ErrorKind.UNKNOWN_NAME, "ms_num"), List.of(unknown.kind(), unknown.location()));
        InvalidInputException dataflow = assertThrows(InvalidInputException.class,
                () -> Targets.get("systolic").prepare(g, new Choice("systolic", Map.of("dataflow", "rs")), DIRECT, NONE));
        assertEquals(List.of(ErrorKind.UNKNOWN_NAME, "dataflow"), List.of(dataflow.kind(), dataflow.location()));
        assertTrue(dataflow.getMessage().contains("[os, ws, is]"), dataflow.getMessage());
    }
}
