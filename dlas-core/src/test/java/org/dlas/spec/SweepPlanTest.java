package org.dlas.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.dlas.spec.TestCatalog.CATALOG;
import static org.dlas.spec.TestCatalog.resource;
import static org.dlas.spec.TestCatalog.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

class SweepPlanTest {

    @TempDir
    Path dir;

    private static String key(Point p) {
        return String.join("/", p.labels().values());
    }

    @Test
    void quickstartExpandsInAxisOrderWithTheLastAxisFastest() throws Exception {
        SweepSpec spec = SpecLoader.load(resource("quickstart.yaml"), CATALOG);
        List<PlannedPoint> plan = SweepPlan.expand(spec);
        assertEquals(18, plan.size());

        String bsr = "bsr(block_cols=4,block_rows=4)";
        assertEquals("fashion-mnist/lenet/none/direct/none/jvm(threads=1)", key(plan.get(0).point()));
        assertEquals("fashion-mnist/lenet/none/gemm/none/jvm(threads=1)", key(plan.get(1).point()));
        assertEquals("fashion-mnist/lenet/none/" + bsr + "/none/jvm(threads=1)", key(plan.get(2).point()));
        assertEquals("fashion-mnist/lenet/prune(scope=layer,sparsity=0.5)/direct/none/jvm(threads=1)",
                key(plan.get(3).point()));
        assertEquals("fashion-mnist/resnet(depth=18)/none/direct/none/jvm(threads=1)", key(plan.get(9).point()));
        assertEquals("fashion-mnist/resnet(depth=18)/int8/" + bsr + "/none/jvm(threads=1)", key(plan.get(17).point()));

        // {model: resnet, primitive: [csr, bsr]} skips resnet+bsr for each of the 3 compressions
        List<Integer> skipped = new java.util.ArrayList<>();
        for (int i = 0; i < plan.size(); i++) if (plan.get(i).skipped()) skipped.add(i);
        assertEquals(List.of(11, 14, 17), skipped);
        assertEquals("excluded by rule at quickstart.yaml:15: {model: resnet, primitive: [csr, bsr]}",
                plan.get(11).skipReason());
        assertNull(plan.get(10).skipReason());
        assertEquals(15, SweepPlan.runnable(spec).size());

        for (PlannedPoint p : plan) {
            assertEquals("quickstart", p.point().sweep());
            assertEquals(spec.measure(), p.point().measure());
        }
    }

    @Test
    void expansionIsDeterministic() throws Exception {
        SweepSpec spec = SpecLoader.load(resource("quickstart.yaml"), CATALOG);
        List<String> first = SweepPlan.expand(spec).stream().map(p -> p.point().hash()).toList();
        List<String> again = SweepPlan.expand(SpecLoader.load(resource("quickstart.yaml"), CATALOG))
                .stream().map(p -> p.point().hash()).toList();
        assertEquals(first, again);
        assertEquals(18, new java.util.HashSet<>(first).size(), "every point has its own hash");
    }

    @Test
    void onlyRulesSkipEverythingTheyDoNotMatch() throws Exception {
        Path f = write(dir, "t.yaml", """
                name: t
                model: lenet
                compression: none
                primitive: [direct, csr]
                hardware: [jvm, fpga]
                only:
                  - {hardware: jvm}
                  - primitive: csr
                    hardware: fpga
                """);
        List<PlannedPoint> plan = SweepPlan.expand(SpecLoader.load(f, CATALOG));
        assertEquals(4, plan.size());
        assertNull(plan.get(0).skipReason(), "direct/jvm");
        assertEquals("not matched by any 'only' rule (t.yaml:7, t.yaml:8)", plan.get(1).skipReason(), "direct/fpga");
        assertNull(plan.get(2).skipReason(), "csr/jvm");
        assertNull(plan.get(3).skipReason(), "csr/fpga");
    }

    @Test
    void excludeWinsOverOnlyAndTheFirstMatchingRuleIsTheReason() throws Exception {
        Path f = write(dir, "t.yaml", """
                name: t
                model: lenet
                compression: none
                primitive: [direct, csr]
                hardware: jvm
                exclude:
                  - {primitive: direct}
                  - {model: lenet}
                only:
                  - {primitive: direct}
                """);
        List<PlannedPoint> plan = SweepPlan.expand(SpecLoader.load(f, CATALOG));
        assertEquals("excluded by rule at t.yaml:7: {primitive: direct}", plan.get(0).skipReason());
        assertEquals("excluded by rule at t.yaml:8: {model: lenet}", plan.get(1).skipReason());
    }

    @Test
    void ruleWithParametersMatchesOnlyThoseValues() throws Exception {
        Path f = write(dir, "t.yaml", """
                name: t
                model: lenet
                compression:
                  - {name: prune, sparsity: 0.5}
                  - {name: prune, sparsity: 0.9}
                  - {name: prune, sparsity: 0.9, scope: global}
                primitive: [direct, {name: bsr, block_rows: 8}]
                hardware: jvm
                exclude:
                  - {compression: {name: prune, sparsity: 0.9}, primitive: {name: bsr, block_rows: 8}}
                """);
        SweepSpec spec = SpecLoader.load(f, CATALOG);
        Rule rule = spec.exclude().get(0);
        assertEquals("{compression: {name: prune, sparsity: 0.9}, primitive: {name: bsr, block_rows: 8}}",
                rule.describe());
        List<PlannedPoint> plan = SweepPlan.expand(spec);
        assertEquals(List.of(false, false, false, true, false, true), plan.stream().map(PlannedPoint::skipped).toList(),
                "sparsity 0.9 with bsr 8 is excluded whatever the scope; sparsity 0.5 is not");
    }

    @Test
    void ruleMatchesNumbersByValue() {
        Rule rule = new Rule(Map.of(Axis.PRIMITIVE, List.of(new Choice("bsr", Map.of("block_rows", 4.0)))), "x:1");
        assertTrue(rule.matches(Map.of(Axis.PRIMITIVE, new Choice("bsr", Map.of("block_rows", 4, "block_cols", 2)))));
        assertTrue(!rule.matches(Map.of(Axis.PRIMITIVE, new Choice("bsr", Map.of("block_rows", 8)))));
        assertTrue(!rule.matches(Map.of(Axis.MODEL, Choice.of("lenet"))), "a point without the axis does not match");
    }

    @Test
    void tooManyPointsIsAValidationError() {
        StringBuilder models = new StringBuilder();
        for (int d = 8; d <= 50; d++) models.append(d == 8 ? "" : ", ").append("{name: resnet, depth: ").append(d).append('}');
        StringBuilder prims = new StringBuilder();
        for (int r = 1; r <= 64; r++) prims.append(r == 1 ? "" : ", ").append("{name: bsr, block_rows: ").append(r).append('}');
        StringBuilder hw = new StringBuilder();
        for (int t = 1; t <= 256; t++) hw.append(t == 1 ? "" : ", ").append("{name: jvm, threads: ").append(t).append('}');
        Path f = write(dir, "t.yaml", "name: t\nmodel: [" + models + "]\ncompression: [none, int8]\nprimitive: ["
                + prims + "]\nhardware: [" + hw + "]\n");
        List<SpecError> errors = SpecLoader.validate(f, CATALOG);
        assertEquals(List.of(new SpecError(f, 1, 1, "",
                "the sweep has 1409024 points before exclude/only; the limit is 1000000")), errors);
    }

    @Test
    void expandRefusesHugeHandBuiltSpecs() {
        List<Choice> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1001; i++) many.add(new Choice("bsr", Map.of("block_rows", i)));
        Map<Axis, List<Choice>> axes = new java.util.EnumMap<>(Axis.class);
        for (Axis a : Axis.values()) axes.put(a, List.of(Choice.of("x")));
        axes.put(Axis.PRIMITIVE, many);
        axes.put(Axis.MODEL, many);
        SweepSpec spec = new SweepSpec("big", Path.of("big.yaml"), axes, Measurement.defaults(), Path.of("out"),
                List.of(), List.of());
        assertEquals(ErrorKind.OUT_OF_RANGE, assertThrows(InvalidInputException.class, () -> SweepPlan.expand(spec)).kind());
    }
}
