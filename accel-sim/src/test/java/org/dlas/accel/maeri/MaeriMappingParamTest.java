package org.dlas.accel.maeri;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.dlas.accel.AcceleratorTarget;
import org.dlas.accel.RealModels;
import org.dlas.data.Dataset;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.target.PreparedModel;
import org.dlas.target.Targets;
import org.junit.jupiter.api.Test;

/** The maeri target's {@code mapping} parameter: parsing, and explicit mappings on a trained model. */
class MaeriMappingParamTest {
    private static final Choice DIRECT = Choice.of("direct"), NONE = Choice.of("none");

    private static Choice maeri(String mapping) {
        return new Choice("maeri", Map.of("multipliers", 64, "dn_bw", 16, "rn_bw", 16, "mapping", mapping));
    }

    @Test
    void parsesEntriesWildcardAndAuto() {
        MaeriMappingSpec s = MaeriMappingSpec.parse("stem.conv: T_C=1 T_K=4 T_Y'=7; fc: auto ; *: T_K=8,T_R=3;");
        assertEquals(new MaeriMapping(1, 1, 1, 4, 1, 1, 1, 7), s.forLayer("stem.conv"));
        assertNull(s.forLayer("fc"));
        assertEquals(new MaeriMapping(3, 1, 1, 8, 1, 1, 1, 1), s.forLayer("other"));
        assertTrue(MaeriMappingSpec.parse("").isAuto());
        assertTrue(MaeriMappingSpec.parse("  ").isAuto());
        assertNull(MaeriMappingSpec.parse("").forLayer("conv1"));
        MaeriMappingSpec one = MaeriMappingSpec.parse("conv1: t_k=2");
        assertEquals(new MaeriMapping(1, 1, 1, 2, 1, 1, 1, 1), one.forLayer("conv1"));
        assertNull(one.forLayer("conv2"), "layers not named and no * use the automatic mapping");
    }

    /** The message of the error parsing {@code text} raises, after checking it is a BAD_FORMAT of the mapping parameter. */
    private static String syntaxError(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> MaeriMappingSpec.parse(text));
        assertEquals(List.of(ErrorKind.BAD_FORMAT, "mapping"), List.of(e.kind(), e.location()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void syntaxErrorsSayWhatWasExpected() {
        String e1 = syntaxError("conv1 T_K=4");
        assertTrue(e1.contains("expected '<layer>: <tiles>'"), e1);
        String e2 = syntaxError("conv1: T_K=four");
        assertTrue(e2.contains("expected an integer after T_K="), e2);
        String e3 = syntaxError("conv1: T_K");
        assertTrue(e3.contains("expected <tile>=<integer>"), e3);
        String e4 = syntaxError("conv1:");
        assertTrue(e4.contains("expected tiles after 'conv1:'"), e4);
        String e5 = syntaxError("conv1: T_K=0");
        assertTrue(e5.contains("T_K must be >= 1"), e5);
        String e6 = syntaxError("conv1: T_K=2 T_K=4");
        assertTrue(e6.contains("given twice"), e6);
    }

    @Test
    void anUnknownTileNameListsTheTiles() {
        String e = syntaxError("conv1: T_Q=4");
        assertTrue(e.contains("unknown tile 'T_Q'") && e.contains("T_R, T_S, T_C, T_K, T_G, T_N, T_X', T_Y'"), e);
    }

    @Test
    void theTargetRejectsABadMappingStringWhenConfigured() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new MaeriTarget().accelerator(maeri("conv1 = T_K 4")));
        assertEquals(List.of(ErrorKind.BAD_FORMAT, "mapping"), List.of(e.kind(), e.location()));
    }

    private record Run(float[] logits, double cycles, String notes) { }

    private static Run run(Graph g, Dataset d, String mapping) throws Exception {
        try (PreparedModel p = Targets.get("maeri").prepare(g, maeri(mapping), DIRECT, NONE)) {
            float[] out = p.infer(d.images(), d.size());
            return new Run(out, p.extraMetrics().get("cycles"), p.notes());
        }
    }

    private static int[] labels(float[] logits, int n) {
        int classes = logits.length / n;
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 1; c < classes; c++) if (logits[i * classes + c] > logits[i * classes + l[i]]) l[i] = c;
        }
        return l;
    }

    @Test
    void anExplicitValidMappingChangesCyclesNotOutputs() throws Exception {
        Graph g = RealModels.trained("lenet");
        Dataset d = RealModels.test(3);
        String conv1 = AcceleratorTarget.macLayerNames(g).get(0);
        Run auto = run(g, d, "");
        Run explicit = run(g, d, conv1 + ": T_S=5 T_K=8");
        assertNotEquals(auto.cycles(), explicit.cycles(), auto.notes() + "\n" + explicit.notes());
        assertArrayEquals(labels(auto.logits(), d.size()), labels(explicit.logits(), d.size()));
        float max = 0;
        for (float v : auto.logits()) max = Math.max(max, Math.abs(v));
        for (int i = 0; i < auto.logits().length; i++) assertEquals(auto.logits()[i], explicit.logits()[i], 1e-5 * Math.max(1, max));
        assertTrue(explicit.notes().contains("[explicit T_R=1 T_S=5 T_C=1 T_K=8 T_G=1 T_N=1 T_X'=1 T_Y'=1]"), explicit.notes());
        assertTrue(explicit.notes().contains("mapping \"" + conv1 + ": T_S=5 T_K=8\""), explicit.notes());
        assertTrue(!auto.notes().contains("explicit"), auto.notes());
    }

    @Test
    void anInvalidMappingFailsNamingTheLayerAndTheConstraint() {
        Graph g = RealModels.trained("lenet");
        Dataset d = RealModels.test(2);
        String conv1 = AcceleratorTarget.macLayerNames(g).get(0);
        InvalidInputException tooBig = assertThrows(InvalidInputException.class, () -> run(g, d, conv1 + ": T_R=5 T_S=5 T_K=8"));
        assertEquals(List.of(ErrorKind.OUT_OF_RANGE, "mapping"), List.of(tooBig.kind(), tooBig.location()));
        String e = tooBig.getMessage();
        assertTrue(e.startsWith("maeri mapping for layer '" + conv1 + "': "), e);
        assertTrue(e.contains("= 200 exceeds the 64 multipliers"), e);
        InvalidInputException channels = assertThrows(InvalidInputException.class, () -> run(g, d, conv1 + ": T_C=2"));
        assertEquals(ErrorKind.OUT_OF_RANGE, channels.kind());
        String e2 = channels.getMessage();
        assertTrue(e2.contains("layer '" + conv1 + "'") && e2.contains("T_C=2 exceeds the layer's C/G (input channels per group)=1"), e2);
    }

    @Test
    void anUnknownLayerListsTheModelsConvDenseLayers() {
        Graph g = RealModels.trained("lenet");
        List<String> names = AcceleratorTarget.macLayerNames(g);
        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> run(g, RealModels.test(1), "nosuch: T_K=2"));
        assertEquals(List.of(ErrorKind.UNKNOWN_NAME, "mapping"), List.of(unknown.kind(), unknown.location()));
        String e = unknown.getMessage();
        assertTrue(e.contains("'nosuch'") && e.contains(String.join(", ", names)), e);
    }

    @Test
    void theWildcardAppliesToEveryLayerNotNamed() throws Exception {
        Graph g = RealModels.trained("lenet");
        Dataset d = RealModels.test(2);
        List<String> names = AcceleratorTarget.macLayerNames(g);
        assertEquals(4, names.size(), names.toString());
        Run all = run(g, d, "*: T_K=8");
        String k8 = "[explicit T_R=1 T_S=1 T_C=1 T_K=8 T_G=1 T_N=1 T_X'=1 T_Y'=1]";
        assertEquals(4, all.notes().split(java.util.regex.Pattern.quote(k8), -1).length - 1, all.notes());
        Run named = run(g, d, names.get(1) + ": T_K=4; *: T_K=8");
        assertEquals(3, named.notes().split(java.util.regex.Pattern.quote(k8), -1).length - 1, named.notes());
        assertTrue(named.notes().contains("[explicit T_R=1 T_S=1 T_C=1 T_K=4 T_G=1 T_N=1 T_X'=1 T_Y'=1]"), named.notes());
        Run autoOne = run(g, d, names.get(1) + ": auto; *: T_K=8");
        assertEquals(3, autoOne.notes().split(java.util.regex.Pattern.quote(k8), -1).length - 1, autoOne.notes());
    }
}
