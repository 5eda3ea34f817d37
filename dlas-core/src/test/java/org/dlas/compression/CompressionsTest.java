package org.dlas.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.junit.jupiter.api.Test;

class CompressionsTest {

    @Test
    void namesAndParams() {
        assertEquals(List.of("none", "prune", "channel-prune", "int8"), Compressions.names());
        assertEquals(List.of(), Compressions.params("none"));
        assertEquals(List.of("sparsity", "scope", "skip_first", "finetune_images"), Compressions.params("prune").stream().map(ParamSpec::name).toList());
        assertEquals(List.of("ratio", "residual", "bias_correction", "finetune_images"), Compressions.params("channel-prune").stream().map(ParamSpec::name).toList());
        assertEquals(List.of("calibration", "percentile"), Compressions.params("int8").stream().map(ParamSpec::name).toList());
        for (String name : Compressions.names()) {
            assertEquals(name, Compressions.get(name).name());
            for (ParamSpec p : Compressions.params(name)) assertTrue(!p.required(), name + "." + p.name() + " has a default");
        }
        ParamSpec sparsity = Compressions.params("prune").get(0);
        assertEquals(0.5, sparsity.defaultValue());
        assertEquals(0.0, sparsity.min());
        assertEquals(0.99, sparsity.max());
        ParamSpec ratio = Compressions.params("channel-prune").get(0);
        assertEquals(0.25, ratio.defaultValue());
        assertEquals(0.9, ratio.max());
    }

    @Test
    void unknownNameNamesTheAcceptedOnes() {
        Graph g = TestGraphs.cnn(1);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Compressions.apply(g, Choice.of("distill"), null));
        assertEquals(ErrorKind.UNKNOWN_NAME, e.kind());
        assertTrue(e.getMessage().contains("distill"), e.getMessage());
        for (String name : Compressions.names()) assertTrue(e.getMessage().contains(name), e.getMessage());
        assertEquals(ErrorKind.UNKNOWN_NAME, assertThrows(InvalidInputException.class, () -> Compressions.params("prune+int8")).kind());
        assertEquals(ErrorKind.UNKNOWN_NAME, assertThrows(InvalidInputException.class, () -> Compressions.get("Prune")).kind());
    }

    @Test
    void noneIsTheIdentity() {
        Graph g = TestGraphs.cnn(2);
        CompressionResult r = Compressions.compress(g, Choice.of("none"), null);
        assertSame(g, r.graph());
        assertEquals(GraphStats.of(g), r.report().after());
        assertTrue(r.report().summary().startsWith("none: no layer changed"), r.report().summary());
        assertEquals(ErrorKind.UNKNOWN_NAME, assertThrows(InvalidInputException.class, () -> Compressions.apply(g, new Choice("none", Map.of("x", 1)), null)).kind());
    }

    @Test
    void parametersAreCoercedAndChecked() {
        Graph g = TestGraphs.cnn(3);
        // an integer for a number, strings for a number and a flag (as a CLI may pass them)
        CompressionResult r = Compressions.compress(g, new Choice("prune", Map.of("sparsity", 0, "skip_first", "false")), null);
        assertEquals("prune(finetune_images=0,scope=layer,skip_first=false,sparsity=0.0)", r.report().label());
        r = Compressions.compress(g, new Choice("prune", Map.of("sparsity", "0.25")), null);
        assertEquals(0.25, r.report().layer("conv2", "pruned").figure("sparsity"), 1.0 / 1152);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Compressions.apply(g, new Choice("channel-prune", Map.of("ratio", 0.95)), null));
        assertEquals(List.of(ErrorKind.OUT_OF_RANGE, "ratio"), List.of(e.kind(), e.location()));
        assertTrue(e.getMessage().contains("0.9"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> Compressions.apply(g, new Choice("prune", Map.of("skip_first", "maybe")), null));
        assertEquals(List.of(ErrorKind.BAD_FORMAT, "skip_first"), List.of(e.kind(), e.location()));
        e = assertThrows(InvalidInputException.class, () -> Compressions.apply(g, new Choice("prune", Map.of("sparsity", "lots")), null));
        assertEquals(List.of(ErrorKind.BAD_FORMAT, "sparsity"), List.of(e.kind(), e.location()));
    }

    @Test
    void pipelinesChainReportsAndPutInt8Last() {
        Graph g = TestGraphs.cnn(4);
        CalibrationData cal = TestGraphs.calibration(g, 4, 5);
        CompressionResult r = Compressions.compressAll(g,
                List.of(new Choice("channel-prune", Map.of("ratio", 0.5)), Choice.of("prune"), Choice.of("int8")), cal);
        assertEquals(GraphStats.of(g), r.report().before());
        assertEquals(GraphStats.of(r.graph()), r.report().after());
        assertTrue(r.report().layers().stream().anyMatch(l -> l.step().equals("channel-prune")));
        assertTrue(r.report().layers().stream().anyMatch(l -> l.step().equals("prune")));
        assertTrue(r.report().layers().stream().anyMatch(l -> l.step().equals("int8")));
        assertTrue(r.report().details().lines().count() > r.report().layers().size());
        assertSame(g, Compressions.applyAll(g, List.of(), null));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Compressions.applyAll(g, List.of(Choice.of("int8"), Choice.of("channel-prune")), cal));
        assertEquals(ErrorKind.CONFLICT, e.kind());
    }

    @Test
    void calibrationDataIsChecked() {
        assertEquals(ErrorKind.MISSING, assertThrows(InvalidInputException.class, () -> new CalibrationData(new float[10], 0)).kind());
        assertEquals(ErrorKind.CONFLICT, assertThrows(InvalidInputException.class, () -> new CalibrationData(new float[10], 3)).kind());
        assertEquals(ErrorKind.MISSING, assertThrows(InvalidInputException.class, () -> new CalibrationData(null, 1)).kind());
        CalibrationData c = new CalibrationData(new float[] {1, 2, 3, 4, 5, 6}, 3);
        assertEquals(2, c.imageSize());
        assertEquals(List.of(3f, 4f, 5f, 6f), toList(c.batch(1, 2)));
    }

    private static List<Float> toList(float[] a) {
        java.util.ArrayList<Float> l = new java.util.ArrayList<>();
        for (float v : a) l.add(v);
        return l;
    }
}
