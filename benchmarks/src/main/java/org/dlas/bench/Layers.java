package org.dlas.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dlas.kernels.ConvSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The named layer shapes the kernel benchmarks run. All but the last are layers of small CNNs
 * for 1x28x28 Fashion-MNIST inputs (the shapes the sweeps actually meet); the last is one
 * ImageNet-style layer (a ResNet stage-1 3x3 convolution) to show the kernels on a layer big
 * enough to be split across threads and to leave the caches.
 *
 * <p>Names read {@code kind[_sN]_CintoK_HxW}: {@code conv3x3_s2_16to32_28x28} is a 3x3 convolution
 * with stride 2, 16 input and 32 output channels, on a 28x28 input; {@code dw3x3_32_14x14} is a
 * depthwise 3x3 (groups = channels = 32); {@code dense_1568to128} is a fully connected layer
 * (a 1x1 convolution on a 1x1 image). 3x3 convolutions use padding 1 ("same").
 */
public final class Layers {

    /** One benchmark layer: geometry plus the input image size (batch is a benchmark parameter). */
    public record Layer(String name, ConvSpec spec, int inH, int inW) {
        /** Multiply-accumulates of one run over {@code batch} images. */
        public long macs(int batch) { return batch * spec.macs(inH, inW); }

        /** Input elements of one image. */
        public int inputLength() { return spec.inChannels() * inH * inW; }
    }

    private static final Map<String, Layer> LAYERS = new LinkedHashMap<>();

    static {
        // First convolution of a Fashion-MNIST CNN: one input channel.
        add("conv3x3_1to16_28x28", new ConvSpec(1, 16, 3, 3, 1, 1, 1, 1, 1), 28, 28);
        // Second stage after 2x2 pooling.
        add("conv3x3_16to32_14x14", new ConvSpec(16, 32, 3, 3, 1, 1, 1, 1, 1), 14, 14);
        // The same channels downsampling with a strided convolution instead of pooling.
        add("conv3x3_s2_16to32_28x28", new ConvSpec(16, 32, 3, 3, 2, 2, 1, 1, 1), 28, 28);
        // Third stage at 7x7.
        add("conv3x3_32to64_7x7", new ConvSpec(32, 64, 3, 3, 1, 1, 1, 1, 1), 7, 7);
        // Pointwise expansion (MobileNet-style block).
        add("conv1x1_32to64_7x7", new ConvSpec(32, 64, 1, 1, 1, 1, 0, 0, 1), 7, 7);
        // Depthwise 3x3 (MobileNet-style block).
        add("dw3x3_32_14x14", new ConvSpec(32, 32, 3, 3, 1, 1, 1, 1, 32), 14, 14);
        // Classifier head: flatten 32x7x7 -> 128 hidden, 512 hidden -> 10 classes.
        add("dense_1568to128", ConvSpec.dense(1568, 128), 1, 1);
        add("dense_512to10", ConvSpec.dense(512, 10), 1, 1);
        // ImageNet-style: ResNet-18/34 stage 1, 3x3 64->64 at 56x56.
        add("conv3x3_64to64_56x56", new ConvSpec(64, 64, 3, 3, 1, 1, 1, 1, 1), 56, 56);
    }

    private static void add(String name, ConvSpec spec, int h, int w) {
        LAYERS.put(name, new Layer(name, spec, h, w));
    }

    private Layers() {}

    /** All layer names, in the order above (also the order of the @Param list). */
    public static List<String> names() { return List.copyOf(LAYERS.keySet()); }

    public static Layer get(String name) {
        Layer l = LAYERS.get(name);
        if (l == null) {
            throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "unknown layer '" + name + "'; known: " + String.join(", ", LAYERS.keySet()));
        }
        return l;
    }

    public static boolean exists(String name) { return LAYERS.containsKey(name); }
}
