package org.dlas.robust;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.dlas.ir.Graph;
import org.dlas.ir.Int8Params;
import org.dlas.ir.Op;
import org.dlas.robust.mutation.MutationOperator;
import org.dlas.robust.mutation.MutationOperators;
import org.dlas.store.ResultRow;
import org.dlas.store.SqliteResultStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutationCampaignTest {

    /** Gives fc2 int8 parameters with a single weight byte: the graph validates, every target fails to run it. */
    static final class Broken implements MutationOperator {
        @Override public String name() { return "broken-int8"; }
        @Override public String category() { return "test"; }
        @Override public String describe() { return "fc2 with truncated int8 weights"; }
        @Override public Optional<String> notApplicable(Graph g) { return Optional.empty(); }
        @Override public Graph apply(Graph g, long seed) {
            return g.mapOps(n -> n.op() instanceof Op.Dense d && n.name().equals("fc2")
                    ? d.withQuant(new Int8Params(new byte[1], new float[d.out()], 0.1f, 0)) : n.op()).withName(g.name() + "~broken");
        }
    }

    @Test void lenetCampaignKillsDestructiveMutantsAndSurvivesEquivalentOnes(@TempDir Path dir) throws Exception {
        Graph lenet = Fixtures.lenet();
        List<MutationOperator> ops = new java.util.ArrayList<>(MutationOperators.select(
                List.of("duplicate-activation", "argmax-flip", "sign-flip", "weights-fp16", "relu6-to-relu"), List.of()));
        ops.add(new Broken());
        List<Environment> envs = Environment.parseAll("jvm/direct,jvm/gemm,jvm/gemm/int8");
        CampaignResult r = new MutationCampaign(lenet, ops, envs, Fixtures.test(200), Fixtures.calibration(100), 42).run(dir);

        assertEquals(List.of("jvm/direct", "jvm/gemm", "jvm/gemm/int8"), r.environments());
        assertTrue(r.notApplicable().containsKey("relu6-to-relu"));
        assertEquals(List.of("duplicate-activation", "argmax-flip", "sign-flip", "weights-fp16", "broken-int8"), r.mutants());
        for (String e : r.environments()) {
            assertTrue(r.originals().get(e).ok(), e + ": " + r.originals().get(e).error());
            assertTrue(r.originals().get(e).top1() > 0.8, e + " top-1 " + r.originals().get(e).top1());
            var dup = r.cell("duplicate-activation", e);
            assertTrue(dup.ok());
            assertEquals(0.0, dup.labelDiff(), "equivalent mutant on " + e);
            assertFalse(dup.killed());
            assertTrue(r.cell("argmax-flip", e).killed());
            assertTrue(r.cell("argmax-flip", e).labelDiff() > 0.8);
            assertTrue(r.cell("sign-flip", e).killed());
            var broken = r.cell("broken-int8", e);
            assertFalse(broken.ok(), "crash on " + e);
            assertNotNull(broken.error());
        }
        // two fp32 environments agree on the original model
        double d = MutationCampaign.diffShare(r.originals().get("jvm/direct").predictions(), r.originals().get("jvm/gemm").predictions());
        assertEquals(0.0, d);
        // score: argmax-flip, sign-flip, broken detected; duplicate never
        for (String e : r.environments()) assertTrue(r.mutationScore().get(e) >= 3.0 / 5 - 1e-9, e + " " + r.mutationScore().get(e));
        assertTrue(r.discrepancy().get("duplicate-activation") <= r.originalDiscrepancy() + 1e-9);
        assertNull(r.discrepancy().get("broken-int8"));

        try (SqliteResultStore store = SqliteResultStore.openReadOnly(dir)) {
            List<ResultRow> rows = store.all();
            assertEquals(3 * (5 + 1), rows.size());
            long errors = rows.stream().filter(x -> x.status() == ResultRow.Status.ERROR).count();
            assertEquals(3, errors);
            ResultRow argmax = rows.stream().filter(x -> x.labels().get("compression").equals("argmax-flip") && x.labels().get("primitive").equals("gemm")).findFirst().orElseThrow();
            assertEquals(1.0, argmax.metrics().get(MutationCampaign.KILLED));
            assertEquals("jvm", argmax.labels().get("hardware"));
            assertEquals("lenet", argmax.labels().get("model"));
        }
        assertTrue(Files.size(dir.resolve(CampaignReport.CSV)) > 0);
        assertTrue(Files.size(dir.resolve(CampaignReport.HEATMAP + ".png")) > 1000);
        String md = Files.readString(dir.resolve(CampaignReport.SUMMARY));
        assertTrue(md.contains("argmax-flip") && md.contains("ERR"));
        System.out.println(md);
    }
}
