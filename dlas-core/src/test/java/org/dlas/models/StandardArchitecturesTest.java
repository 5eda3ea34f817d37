package org.dlas.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.ir.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The standard architectures have their published size: MACs per 224 x 224 image as torchvision's
 * documentation gives them (GFLOPS column, which counts multiply-accumulates, to its two decimals)
 * and parameter counts as torchvision's model summaries.
 */
class StandardArchitecturesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "resnet18,      1.81,  11689512",
        "resnet50,      4.09,  25557032",
        "mobilenet_v2,  0.30,   3504872",
        "vgg16,        15.47, 138357544",
        "alexnet,       0.71,  61100840",
        "squeezenet1_1, 0.35,   1235496"})
    void macsAndParametersMatchTorchvision(String name, double gmacs, long params) {
        Graph g = StandardArchitectures.build(name, 1);
        GraphStats s = GraphStats.of(g);
        assertEquals(new Shape(3, 224, 224), g.inputShape());
        assertEquals(new Shape(1000, 1, 1), g.outputShape());
        assertEquals(gmacs, s.macs() / 1e9, 0.005 + 1e-9, name + ": " + s.macs() + " MACs");
        // dlas counts BatchNorm's running mean and variance as parameters too (torchvision: buffers)
        long bnStats = g.nodes().stream().filter(n -> n.op() instanceof org.dlas.ir.Op.BatchNorm)
                .mapToLong(n -> 2L * ((org.dlas.ir.Op.BatchNorm) n.op()).gamma().length).sum();
        assertEquals(params, s.params() - bnStats, name);
    }

    @Test
    void layerShapesOfResnet50() {
        Graph g = StandardArchitectures.build("resnet50", 1);
        assertEquals(new Shape(64, 112, 112), g.shape("stem.relu"));
        assertEquals(new Shape(64, 56, 56), g.shape("stem.pool"));
        assertEquals(new Shape(256, 56, 56), g.shape("layer1.2.relu"));
        assertEquals(new Shape(512, 28, 28), g.shape("layer2.0.relu"));
        assertEquals(new Shape(1024, 14, 14), g.shape("layer3.5.relu"));
        assertEquals(new Shape(2048, 7, 7), g.shape("layer4.2.relu"));
        assertEquals(54, g.fp32MacLayers().size()); // stem, 16 blocks x 3, 4 downsampling 1x1 convs, fc
    }

    @Test
    void bertBaseEncoderGemms() {
        Graph g = StandardArchitectures.build("bert_base_gemms", 1);
        // 128 tokens x (768x2304 + 768x768 + 768x3072 + 3072x768)
        assertEquals(128L * (768 * 2304 + 768 * 768 + 768 * 3072 + 3072 * 768), GraphStats.of(g).macs());
        assertEquals(new Shape(768, 1, 128), g.outputShape());
    }
}
