package org.dlas.models;

import org.dlas.ir.Graph;
import org.dlas.train.TrainRecipe;

/**
 * The zoo's architectures for 1 x 28 x 28 images and 10 classes. Every model outputs logits
 * (no Softmax node): the last node is a Dense layer with 10 outputs.
 */
final class Architectures {
    static final int CLASSES = 10;

    // epochs, batch, lr, momentum, weight decay, seed, training images, warm-up steps
    static final TrainRecipe TWO_EPOCHS = new TrainRecipe(2, 64, 0.05f, 0.9f, 5e-4f, 1, 58_000, 100);
    static final TrainRecipe ONE_EPOCH = new TrainRecipe(1, 64, 0.2f, 0.9f, 5e-4f, 1, 58_000, 100);

    private Architectures() { }

    /** The zoo's plug-ins, listed in dlas-core's services file. */
    public static final class Lenet extends BuiltInArchitecture { public Lenet() { super("lenet", Architectures::lenet, TWO_EPOCHS); } }
    public static final class Vgg extends BuiltInArchitecture { public Vgg() { super("vgg", Architectures::vgg, TWO_EPOCHS); } }
    public static final class Resnet extends BuiltInArchitecture { public Resnet() { super("resnet", Architectures::resnet, ONE_EPOCH); } }
    public static final class Mobilenetv2 extends BuiltInArchitecture {
        public Mobilenetv2() { super("mobilenetv2", Architectures::mobilenetv2, ONE_EPOCH); }
    }
    public static final class Densenet extends BuiltInArchitecture { public Densenet() { super("densenet", Architectures::densenet, ONE_EPOCH); } }

    /** LeNet-style: two 5x5 conv + relu + maxpool stages, then two dense layers. ~0.5 M MACs. */
    static Graph lenet(long seed) {
        GraphBuilder b = new GraphBuilder(seed);
        String x = b.input(1, 28, 28);
        x = b.conv("conv1", x, 8, 5, 1, 2, true);
        x = b.relu("relu1", x);
        x = b.maxPool("pool1", x, 2, 2, 0);             // 8x14x14
        x = b.conv("conv2", x, 16, 5, 1, 0, true);      // 16x10x10
        x = b.relu("relu2", x);
        x = b.maxPool("pool2", x, 2, 2, 0);             // 16x5x5
        x = b.flatten("flatten", x);
        x = b.dense("fc1", x, 64);
        x = b.relu("relu3", x);
        b.dense("fc2", x, CLASSES);
        return b.build("lenet");
    }

    /** VGG-style plain stack: three blocks of 3x3 conv + relu (bias, no BatchNorm) and 2x2 maxpool. */
    static Graph vgg(long seed) {
        GraphBuilder b = new GraphBuilder(seed);
        String x = b.input(1, 28, 28);
        int[][] blocks = {{8, 8}, {16, 16}, {32}};
        int i = 0;
        for (int blk = 0; blk < blocks.length; blk++) {
            for (int c : blocks[blk]) {
                i++;
                x = b.conv("conv" + i, x, c, 3, 1, 1, true);
                x = b.relu("relu" + i, x);
            }
            x = b.maxPool("pool" + (blk + 1), x, 2, 2, 0);   // 28 -> 14 -> 7 -> 3
        }
        x = b.flatten("flatten", x);                         // 32x3x3 = 288
        x = b.dense("fc1", x, 64);
        x = b.relu("relu_fc1", x);
        b.dense("fc2", x, CLASSES);
        return b.build("vgg");
    }

    private static String convBn(GraphBuilder b, String p, String in, int out, int k, int stride, int pad, boolean relu) {
        String x = b.conv(p + ".conv", in, out, k, stride, pad, false);
        x = b.bn(p + ".bn", x);
        return relu ? b.relu(p + ".relu", x) : x;
    }

    /**
     * ResNet-style: conv-BN-relu stem and maxpool, an identity residual block at 16 channels, a
     * downsampling block to 32 channels with a strided 3x3 conv and a 1x1 projection shortcut,
     * global average pooling and a dense classifier.
     */
    static Graph resnet(long seed) {
        GraphBuilder b = new GraphBuilder(seed);
        String x = b.input(1, 28, 28);
        x = convBn(b, "stem", x, 16, 3, 1, 1, true);
        x = b.maxPool("stem.pool", x, 2, 2, 0);             // 16x14x14
        // block 1: identity shortcut
        String y = convBn(b, "block1.a", x, 16, 3, 1, 1, true);
        y = convBn(b, "block1.b", y, 16, 3, 1, 1, false);
        x = b.relu("block1.relu", b.add("block1.add", y, x));
        // block 2: downsampling, projection shortcut
        y = convBn(b, "block2.a", x, 32, 3, 2, 1, true);     // 32x7x7
        y = convBn(b, "block2.b", y, 32, 3, 1, 1, false);
        String s = convBn(b, "block2.proj", x, 32, 1, 2, 0, false);
        x = b.relu("block2.relu", b.add("block2.add", y, s));
        x = b.globalAvgPool("gap", x);
        b.dense("fc", x, CLASSES);
        return b.build("resnet");
    }

    /** One inverted residual: 1x1 expand + BN + relu6, 3x3 depthwise + BN + relu6, 1x1 linear projection + BN. */
    private static String inverted(GraphBuilder b, String p, String in, int expand, int out, int stride) {
        int c = b.shape(in).channels();
        String x = convBn6(b, p + ".expand", in, c * expand, 1, 1, 0, 1);
        x = convBn6(b, p + ".dw", x, c * expand, 3, stride, 1, c * expand);
        x = b.conv(p + ".project.conv", x, out, 1, 1, 0, false);
        x = b.bn(p + ".project.bn", x);
        if (stride == 1 && c == out) x = b.add(p + ".add", x, in);
        return x;
    }

    private static String convBn6(GraphBuilder b, String p, String in, int out, int k, int stride, int pad, int groups) {
        String x = b.conv(p + ".conv", in, out, k, stride, pad, groups, false);
        x = b.bn(p + ".bn", x);
        return b.relu6(p + ".relu6", x);
    }

    /**
     * MobileNetV2-style: strided 3x3 conv stem to 14x14, three inverted-residual blocks (expansion
     * 4; two with a residual Add, one strided to 7x7), a 1x1 head conv, global average pooling and
     * a dense classifier. Depthwise convs have groups = channels; activations are Relu6.
     */
    static Graph mobilenetv2(long seed) {
        GraphBuilder b = new GraphBuilder(seed);
        String x = b.input(1, 28, 28);
        x = convBn6(b, "stem", x, 16, 3, 2, 1, 1);          // 16x14x14
        x = inverted(b, "ir1", x, 4, 16, 1);                // + residual
        x = inverted(b, "ir2", x, 4, 24, 2);                // 24x7x7
        x = inverted(b, "ir3", x, 4, 24, 1);                // + residual
        x = convBn6(b, "head", x, 96, 1, 1, 0, 1);
        x = b.globalAvgPool("gap", x);
        b.dense("fc", x, CLASSES);
        return b.build("mobilenetv2");
    }

    /** Pre-activation dense layer: BN, relu, 3x3 conv to {@code growth} channels, concatenated to its input. */
    private static String denseLayer(GraphBuilder b, String p, String in, int growth) {
        String x = b.bn(p + ".bn", in);
        x = b.relu(p + ".relu", x);
        x = b.conv(p + ".conv", x, growth, 3, 1, 1, false);
        return b.concat(p + ".concat", in, x);
    }

    /**
     * DenseNet-style: conv stem and maxpool, a dense block (3 layers, growth 8) with Concat, a
     * transition (BN, relu, 1x1 conv, 2x2 avgpool), a second dense block, then BN, relu, global
     * average pooling and a dense classifier.
     */
    static Graph densenet(long seed) {
        GraphBuilder b = new GraphBuilder(seed);
        String x = b.input(1, 28, 28);
        x = b.conv("stem.conv", x, 16, 3, 1, 1, false);
        x = b.maxPool("stem.pool", x, 2, 2, 0);              // 16x14x14
        for (int i = 1; i <= 3; i++) x = denseLayer(b, "block1.layer" + i, x, 8);   // 40x14x14
        x = b.bn("trans.bn", x);
        x = b.relu("trans.relu", x);
        x = b.conv("trans.conv", x, 24, 1, 1, 0, false);
        x = b.avgPool("trans.pool", x, 2, 2, 0);             // 24x7x7
        for (int i = 1; i <= 3; i++) x = denseLayer(b, "block2.layer" + i, x, 8);   // 48x7x7
        x = b.bn("final.bn", x);
        x = b.relu("final.relu", x);
        x = b.globalAvgPool("gap", x);
        b.dense("fc", x, CLASSES);
        return b.build("densenet");
    }
}
