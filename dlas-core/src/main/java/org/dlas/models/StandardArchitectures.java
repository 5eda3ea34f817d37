package org.dlas.models;

import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Standard architectures at their published size (3 x 224 x 224 input, 1000 classes) for hardware
 * studies where the weights do not matter: the layer shapes and MACs are torchvision's, the
 * weights seeded He-normal and untrained (their outputs mean nothing; sweeps record no accuracy for
 * them). Plus the weight GEMMs of one BERT-base encoder layer on 128 tokens, as 1x1 convolutions
 * over a 768 x 1 x 128 sequence.
 */
public final class StandardArchitectures {
    static final int CLASSES = 1000;
    private StandardArchitectures() { }

    /** The names of every untrained architecture: these, then plug-ins without a training recipe. */
    public static List<String> names() { return ModelArchitectures.list(false).stream().map(ModelArchitecture::name).toList(); }

    /** The architecture {@code name} with weights drawn from {@code seed}. */
    public static Graph build(String name, long seed) {
        ModelArchitecture a = ModelArchitectures.list(false).stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
        if (a == null) throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "unknown architecture '" + name + "'; accepted: " + String.join(", ", names()));
        return a.build(seed);
    }

    /** The standard architectures' plug-ins, listed in dlas-core's services file. */
    public static final class Resnet18 extends BuiltInArchitecture {
        public Resnet18() { super("resnet18", s -> resnet(s, "resnet18", new int[] {2, 2, 2, 2}, false), null); }
    }
    public static final class Resnet50 extends BuiltInArchitecture {
        public Resnet50() { super("resnet50", s -> resnet(s, "resnet50", new int[] {3, 4, 6, 3}, true), null); }
    }
    public static final class MobilenetV2 extends BuiltInArchitecture {
        public MobilenetV2() { super("mobilenet_v2", StandardArchitectures::mobilenetV2, null); }
    }
    public static final class Vgg16 extends BuiltInArchitecture { public Vgg16() { super("vgg16", StandardArchitectures::vgg16, null); } }
    public static final class Alexnet extends BuiltInArchitecture { public Alexnet() { super("alexnet", StandardArchitectures::alexnet, null); } }
    public static final class Squeezenet11 extends BuiltInArchitecture {
        public Squeezenet11() { super("squeezenet1_1", StandardArchitectures::squeezenet11, null); }
    }
    public static final class BertBaseGemms extends BuiltInArchitecture {
        public BertBaseGemms() { super("bert_base_gemms", StandardArchitectures::bertBaseGemms, null); }
    }

    private static String convBnRelu(GraphBuilder b, String p, String in, int out, int k, int stride, int pad, int groups, boolean relu6, boolean act) {
        String x = b.conv(p + ".conv", in, out, k, stride, pad, groups, false);
        x = b.bn(p + ".bn", x);
        if (!act) return x;
        return relu6 ? b.relu6(p + ".relu6", x) : b.relu(p + ".relu", x);
    }

    /** torchvision's ResNet (v1.5: the stride sits on the bottleneck's 3x3 conv). */
    static Graph resnet(long seed, String name, int[] blocks, boolean bottleneck) {
        GraphBuilder b = new GraphBuilder(seed);
        String x = b.input(3, 224, 224);
        x = convBnRelu(b, "stem", x, 64, 7, 2, 3, 1, false, true);      // 64x112x112
        x = b.maxPool("stem.pool", x, 3, 2, 1);                         // 64x56x56
        int width = 64;
        for (int stage = 0; stage < 4; stage++, width *= 2) {
            for (int i = 0; i < blocks[stage]; i++) {
                String p = "layer" + (stage + 1) + "." + i;
                int stride = stage > 0 && i == 0 ? 2 : 1;
                int out = bottleneck ? width * 4 : width;
                String y;
                if (bottleneck) {
                    y = convBnRelu(b, p + ".a", x, width, 1, 1, 0, 1, false, true);
                    y = convBnRelu(b, p + ".b", y, width, 3, stride, 1, 1, false, true);
                    y = convBnRelu(b, p + ".c", y, out, 1, 1, 0, 1, false, false);
                } else {
                    y = convBnRelu(b, p + ".a", x, width, 3, stride, 1, 1, false, true);
                    y = convBnRelu(b, p + ".b", y, width, 3, 1, 1, 1, false, false);
                }
                String shortcut = stride != 1 || b.shape(x).channels() != out
                        ? convBnRelu(b, p + ".down", x, out, 1, stride, 0, 1, false, false) : x;
                x = b.relu(p + ".relu", b.add(p + ".add", y, shortcut));
            }
        }
        x = b.flatten("flatten", b.globalAvgPool("pool", x));
        b.dense("fc", x, CLASSES);
        return b.build(name);
    }

    static Graph mobilenetV2(long seed) {
        GraphBuilder b = new GraphBuilder(seed);
        String x = b.input(3, 224, 224);
        x = convBnRelu(b, "stem", x, 32, 3, 2, 1, 1, true, true);
        int[][] settings = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
        int block = 0;
        for (int[] s : settings) {
            for (int i = 0; i < s[2]; i++, block++) {
                String p = "block" + block;
                int in = b.shape(x).channels(), hidden = in * s[0], stride = i == 0 ? s[3] : 1;
                String y = s[0] == 1 ? x : convBnRelu(b, p + ".expand", x, hidden, 1, 1, 0, 1, true, true);
                y = convBnRelu(b, p + ".dw", y, hidden, 3, stride, 1, hidden, true, true);
                y = convBnRelu(b, p + ".project", y, s[1], 1, 1, 0, 1, true, false);
                x = stride == 1 && in == s[1] ? b.add(p + ".add", x, y) : y;
            }
        }
        x = convBnRelu(b, "head", x, 1280, 1, 1, 0, 1, true, true);
        x = b.flatten("flatten", b.globalAvgPool("pool", x));
        b.dense("classifier", x, CLASSES);
        return b.build("mobilenet_v2");
    }

    static Graph vgg16(long seed) {
        GraphBuilder b = new GraphBuilder(seed);
        String x = b.input(3, 224, 224);
        int[][] blocks = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
        int i = 0;
        for (int blk = 0; blk < blocks.length; blk++) {
            for (int c : blocks[blk]) {
                i++;
                x = b.relu("relu" + i, b.conv("conv" + i, x, c, 3, 1, 1, true));
            }
            x = b.maxPool("pool" + (blk + 1), x, 2, 2, 0);            // 224 -> 7
        }
        x = b.flatten("flatten", x);                                    // 512x7x7 = 25088
        x = b.relu("fc1.relu", b.dense("fc1", x, 4096));
        x = b.relu("fc2.relu", b.dense("fc2", x, 4096));
        b.dense("fc3", x, CLASSES);
        return b.build("vgg16");
    }

    static Graph alexnet(long seed) {
        GraphBuilder b = new GraphBuilder(seed);
        String x = b.input(3, 224, 224);
        x = b.relu("relu1", b.conv("conv1", x, 64, 11, 4, 2, true));       // 64x55x55
        x = b.maxPool("pool1", x, 3, 2, 0);                               // 27
        x = b.relu("relu2", b.conv("conv2", x, 192, 5, 1, 2, true));
        x = b.maxPool("pool2", x, 3, 2, 0);                               // 13
        x = b.relu("relu3", b.conv("conv3", x, 384, 3, 1, 1, true));
        x = b.relu("relu4", b.conv("conv4", x, 256, 3, 1, 1, true));
        x = b.relu("relu5", b.conv("conv5", x, 256, 3, 1, 1, true));
        x = b.maxPool("pool5", x, 3, 2, 0);                               // 256x6x6
        x = b.flatten("flatten", x);
        x = b.relu("fc1.relu", b.dense("fc1", x, 4096));
        x = b.relu("fc2.relu", b.dense("fc2", x, 4096));
        b.dense("fc3", x, CLASSES);
        return b.build("alexnet");
    }

    private static String fire(GraphBuilder b, String p, String in, int squeeze, int expand) {
        String s = b.relu(p + ".squeeze.relu", b.conv(p + ".squeeze", in, squeeze, 1, 1, 0, true));
        String e1 = b.relu(p + ".expand1x1.relu", b.conv(p + ".expand1x1", s, expand, 1, 1, 0, true));
        String e3 = b.relu(p + ".expand3x3.relu", b.conv(p + ".expand3x3", s, expand, 3, 1, 1, true));
        return b.concat(p + ".cat", e1, e3);
    }

    /** SqueezeNet 1.1; torchvision's ceil-mode max pools give the same sizes as floor at 224. */
    static Graph squeezenet11(long seed) {
        GraphBuilder b = new GraphBuilder(seed);
        String x = b.input(3, 224, 224);
        x = b.relu("conv1.relu", b.conv("conv1", x, 64, 3, 2, 0, true));   // 64x111x111
        x = b.maxPool("pool1", x, 3, 2, 0);                                 // 55
        x = fire(b, "fire2", x, 16, 64);
        x = fire(b, "fire3", x, 16, 64);
        x = b.maxPool("pool3", x, 3, 2, 0);                                 // 27
        x = fire(b, "fire4", x, 32, 128);
        x = fire(b, "fire5", x, 32, 128);
        x = b.maxPool("pool5", x, 3, 2, 0);                                 // 13
        x = fire(b, "fire6", x, 48, 192);
        x = fire(b, "fire7", x, 48, 192);
        x = fire(b, "fire8", x, 64, 256);
        x = fire(b, "fire9", x, 64, 256);
        x = b.relu("classifier.relu", b.conv("classifier", x, CLASSES, 1, 1, 0, true));
        b.flatten("flatten", b.globalAvgPool("pool", x));
        return b.build("squeezenet1_1");
    }

    /**
     * The weight GEMMs of one BERT-base encoder layer (hidden 768, 12 heads, FFN 3072) on 128
     * tokens: fused Q/K/V projection, attention output projection and the two FFN layers. The
     * attention score products (activation x activation) and the normalisations are left out.
     */
    static Graph bertBaseGemms(long seed) {
        GraphBuilder b = new GraphBuilder(seed);
        String x = b.input(768, 1, 128);
        b.conv("attention.qkv", x, 3 * 768, 1, 1, 0, true);                // Q, K and V of every token
        // the heads' context (softmax(Q K^T) V) has the input's shape; x stands for it
        String out = b.conv("attention.output", x, 768, 1, 1, 0, true);
        String ffn = b.relu("ffn.act", b.conv("ffn.intermediate", b.add("attention.residual", out, x), 3072, 1, 1, 0, true));
        b.conv("ffn.output", ffn, 768, 1, 1, 0, true);
        return new Graph("bert_base_gemms", b.build("bert_base_gemms").nodes(), "ffn.output");
    }
}
