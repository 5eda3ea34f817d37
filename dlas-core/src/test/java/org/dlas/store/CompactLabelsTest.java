package org.dlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.dlas.spec.Axis;
import org.dlas.spec.Choice;
import org.dlas.spec.Measurement;
import org.dlas.spec.Point;

class CompactLabelsTest {

    private static ResultRow row(Choice compression, Choice primitive) {
        Point p = new Point("s", Map.of(Axis.DATASET, Choice.of("fashion-mnist"), Axis.MODEL, Choice.of("lenet"),
                Axis.COMPRESSION, compression, Axis.PRIMITIVE, primitive, Axis.CODEGEN, Choice.of("none"),
                Axis.HARDWARE, Choice.of("jvm")), Measurement.defaults());
        return new ResultRow(p.hash(), "s", ResultRow.Status.OK, p.canonicalJson(), p.labels(), Map.of(), null,
                "", "m", "v", 42, "t", 0);
    }

    @Test
    void dropsParametersThatNeverVaryForAChoiceName() {
        List<ResultRow> rows = List.of(
                row(new Choice("prune", Map.of("sparsity", 0.5, "scope", "layer", "finetune_images", 0)), new Choice("bsr", Map.of("block_rows", 4))),
                row(new Choice("prune", Map.of("sparsity", 0.9, "scope", "layer", "finetune_images", 0)), new Choice("bsr", Map.of("block_rows", 8))),
                row(new Choice("int8", Map.of("calibration", "minmax")), Choice.of("gemm")));
        List<ResultRow> compact = CompactLabels.of(rows);
        assertEquals("prune(sparsity=0.5)", compact.get(0).labels().get("compression"));
        assertEquals("prune(sparsity=0.9)", compact.get(1).labels().get("compression"));
        assertEquals("int8", compact.get(2).labels().get("compression"));
        assertEquals("bsr(block_rows=8)", compact.get(1).labels().get("primitive"));
        assertEquals("lenet", compact.get(0).labels().get("model"));
        assertEquals(rows.get(0).labels().get("compression"), "prune(finetune_images=0,scope=layer,sparsity=0.5)", "stored rows keep full labels");
    }
}
