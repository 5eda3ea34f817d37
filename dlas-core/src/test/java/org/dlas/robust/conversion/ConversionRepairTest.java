package org.dlas.robust.conversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dlas.data.Dataset;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trained zoo models through a real ONNX round trip, faults injected into the converted model:
 * the localiser names each fault's stage and node (it sees only the two graphs), and after the
 * repairs the labels agree with the source's on every test image.
 */
class ConversionRepairTest {
    static final int IMAGES = 300;
    private static final Map<String, Graph> SOURCES = new ConcurrentHashMap<>();

    private static Dataset images() { return Datasets.load(Datasets.FASHION_MNIST).test().take(IMAGES); }

    private static Graph source(String model) { return SOURCES.computeIfAbsent(model, ModelZoo::trained); }

    private static RepairResult injectAndRepair(String model, List<String> kinds, long seed) {
        Graph source = source(model);
        List<Injection> injected = ConversionFaults.injectAll(RoundTrip.convert(source), kinds, seed);
        return ConversionRepairer.repair(source, injected.get(injected.size() - 1).faulty(), images(), injected);
    }

    /** Every injected fault is named by exactly one finding, at its stage and node, and nothing else is found. */
    private static void assertLocalisedAndRepaired(RepairResult r) {
        System.out.print(RepairReport.text(r));
        assertTrue(r.before().labelDifferences() > 0, "the faults change labels");
        assertEquals(r.injected().size(), r.before().findings().size(), "findings " + r.before().findings());
        for (Injection i : r.injected()) {
            List<Finding> hits = r.before().findings().stream().filter(f -> f.stage() == i.stage() && f.node().equals(i.node())).toList();
            assertEquals(1, hits.size(), i.kind() + " at " + i.node() + " not localised: " + r.before().findings());
            assertNotNull(hits.get(0).confirmation(), "activations confirm " + hits.get(0));
        }
        assertTrue(r.steps().stream().allMatch(RepairStep::applied), "every fix applies: " + r.steps());
        RepairStep last = r.steps().get(r.steps().size() - 1);
        assertEquals(0, last.labelDiffAfter());
        assertEquals(0, r.after().labelDifferences());
        assertTrue(r.after().clean(), "left: " + r.after().findings() + " " + r.after().divergences());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
            "perturbed-weights, lenet, conv2",
            "wrong-padding, mobilenetv2, ir2.expand.conv",
            "wrong-epsilon, resnet, block1.b.bn",
            "swapped-layout, lenet, fc1",
            "dropped-node, resnet, block1.a.relu",
            "wrong-input-normalisation, lenet, input_normalise",
            "transposed-kernels, resnet, block1.a.conv",
            "reordered-nodes, resnet, block2.a.bn"})
    void eachKindIsLocalisedAtItsStageAndNodeAndRepaired(String kind, String model, String node) {
        RepairResult r = injectAndRepair(model, List.of(kind), 1);
        assertEquals(node, r.injected().get(0).node());
        assertEquals(ConversionFaults.get(kind).stage(), r.before().findings().get(0).stage());
        assertLocalisedAndRepaired(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet", "vgg", "resnet", "mobilenetv2", "densenet"})
    void cleanRoundTripHasNoFinding(String model) {
        Localisation l = FaultLocaliser.localise(source(model), RoundTrip.convert(source(model)), images());
        assertTrue(l.clean(), l.findings() + " " + l.divergences() + " " + l.labelDifferences());
    }

    /** Every kind, seed 1, on every zoo model it applies to (100 images each). */
    @Test void everyKindOnEveryApplicableZooModel() {
        Dataset few = Datasets.load(Datasets.FASHION_MNIST).test().take(100);
        int cases = 0;
        for (String model : ModelZoo.names()) {
            Graph converted = RoundTrip.convert(source(model));
            for (ConversionFault kind : ConversionFaults.installed().values()) {
                if (kind.notApplicable(converted).isPresent()) continue;
                Injection i = kind.inject(converted, 1);
                RepairResult r = ConversionRepairer.repair(source(model), i.faulty(), few, List.of(i));
                List<Finding> f = r.before().findings();
                assertEquals(1, f.size(), model + " " + kind.name() + ": " + f);
                assertEquals(i.stage(), f.get(0).stage(), model + " " + kind.name());
                assertEquals(i.node(), f.get(0).node(), model + " " + kind.name());
                assertTrue(r.after().clean(), model + " " + kind.name() + " left " + r.after().findings() + " " + r.after().labelDifferences());
                cases++;
            }
        }
        assertEquals(33, cases, "5 models x 8 kinds less the 7 that do not apply");
    }

    @Test void twoFaultsAtOnceAreBothFound() {
        assertLocalisedAndRepaired(injectAndRepair("lenet", List.of("perturbed-weights", "dropped-node"), 1));
        assertLocalisedAndRepaired(injectAndRepair("densenet", List.of("wrong-input-normalisation", "wrong-epsilon"), 1));
    }

    @Test void repairsRunInStageOrderAndEachIsMeasured() {
        RepairResult r = injectAndRepair("lenet", List.of("perturbed-weights", "swapped-layout", "wrong-input-normalisation"), 3);
        assertLocalisedAndRepaired(r);
        List<Stage> stages = r.steps().stream().map(s -> s.finding().stage()).toList();
        assertEquals(List.of(Stage.INPUT, Stage.HYPERPARAMETERS, Stage.PARAMETERS), stages);
        assertEquals(r.steps().get(1).finding().node(), r.steps().get(2).finding().node(), "noise and layout on the same layer, both found");
        for (int i = 1; i < r.steps().size(); i++) assertEquals(r.steps().get(i - 1).labelDiffAfter(), r.steps().get(i).labelDiffBefore());
    }

    /** Every pair of the kinds that apply to lenet, seed 1: each fault found at its stage and node, nothing else, all repaired. */
    @Test void everyPairOfKindsOnLenet() {
        Dataset few = Datasets.load(Datasets.FASHION_MNIST).test().take(100);
        Graph converted = RoundTrip.convert(source("lenet"));
        List<String> kinds = ConversionFaults.names().stream().filter(k -> ConversionFaults.get(k).notApplicable(converted).isEmpty()).toList();
        int pairs = 0;
        for (int a = 0; a < kinds.size(); a++) {
            for (int b = a + 1; b < kinds.size(); b++) {
                List<Injection> injected = ConversionFaults.injectAll(converted, List.of(kinds.get(a), kinds.get(b)), 1);
                RepairResult r = ConversionRepairer.repair(source("lenet"), injected.get(1).faulty(), few, injected);
                String what = kinds.get(a) + "," + kinds.get(b) + ": " + r.before().findings();
                assertEquals(2, r.before().findings().size(), what);
                for (Injection i : injected) {
                    assertTrue(r.before().findings().stream().anyMatch(f -> f.stage() == i.stage() && f.node().equals(i.node())), what);
                }
                assertTrue(r.after().clean(), what + " left " + r.after().findings());
                pairs++;
            }
        }
        assertEquals(15, pairs, "6 kinds apply to lenet");
    }
}
