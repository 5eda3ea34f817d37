package org.dlas.accel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.dlas.accel.Accelerator;
import org.dlas.accel.AcceleratorTarget;
import org.dlas.accel.ConvLayer;
import org.dlas.accel.LayerResult;
import org.dlas.accel.maeri.MaeriConfig;
import org.dlas.accel.maeri.MaeriSimulator;
import org.dlas.accel.sigma.SigmaConfig;
import org.dlas.accel.sigma.SigmaSimulator;
import org.dlas.accel.systolic.Dataflow;
import org.dlas.accel.systolic.SystolicArray;
import org.dlas.accel.systolic.SystolicConfig;
import org.dlas.data.Dataset;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Simulation speed: for each accelerator, runs the conv/dense layers of a zoo model (default the
 * trained resnet) on real Fashion-MNIST test images through the cycle-level model and prints the
 * simulated cycles and simulated MACs per second of wall-clock time on this machine, and the wall
 * time of a whole-model inference per image (host layers included).
 *
 * <p>Usage: {@code SimBench [model] [images] [seconds per accelerator]} (defaults resnet 4 2);
 * a usage error exits with status 2.
 */
@Command(name = "SimBench", mixinStandardHelpOptions = true,
        description = "Simulation speed of the cycle-level accelerator models on a zoo model's conv/dense layers.")
public final class SimBench implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = "resnet", description = "zoo model (default: ${DEFAULT-VALUE})")
    String model;
    @Parameters(index = "1", arity = "0..1", defaultValue = "4", description = "test images per batch (default: ${DEFAULT-VALUE})")
    int images;
    @Parameters(index = "2", arity = "0..1", defaultValue = "2", description = "measured seconds per accelerator (default: ${DEFAULT-VALUE})")
    double seconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Graph g = ModelZoo.trained(model);
        Dataset test = Datasets.load(Datasets.FASHION_MNIST).test().take(images);
        List<LayerCapture.Captured> layers = LayerCapture.capture(g, test.images(), images);
        long macs = layers.stream().mapToLong(LayerCapture.Captured::macs).sum();

        List<Accelerator> accs = new ArrayList<>(List.of(
                new SystolicArray(SystolicConfig.of(16, 16, Dataflow.OS)),
                new SystolicArray(SystolicConfig.of(16, 16, Dataflow.WS)),
                new SystolicArray(SystolicConfig.of(16, 16, Dataflow.IS)),
                new SystolicArray(SystolicConfig.of(32, 32, Dataflow.OS)),
                new MaeriSimulator(MaeriConfig.of(64, 16, 16)),
                new MaeriSimulator(MaeriConfig.of(256, 32, 32)),
                new SigmaSimulator(SigmaConfig.of(128, 32, 32, false)),
                new SigmaSimulator(SigmaConfig.of(128, 32, 32, true))));
        System.out.printf(Locale.ROOT, "%s: %d conv/dense layers, %,d MACs per image, batch of %d real test images; %d cores%n",
                model, layers.size(), macs / images, images, Runtime.getRuntime().availableProcessors());
        System.out.println("Wall-clock time on this machine (one thread per simulation), after a 1 s warm-up.");
        System.out.printf(Locale.ROOT, "%-72s %14s %10s %16s %16s %14s%n", "accelerator", "cycles/image", "util", "sim cycles/s",
                "sim MACs/s", "model ms/image");
        for (Accelerator acc : accs) {
            long w0 = System.nanoTime();
            do runAll(acc, layers); while (System.nanoTime() - w0 < 1e9); // warm-up: let the JIT compile the simulator
            long cycles = 0, passes = 0, t0 = System.nanoTime();
            double busy = 0, capacity = 0;
            do {
                for (LayerCapture.Captured c : layers) {
                    LayerResult r = acc.run(ConvLayer.fp32(c.spec(), c.input(), c.n(), c.h(), c.w(), c.weights()));
                    cycles += r.stats().cycles();
                    busy += r.stats().busy();
                    capacity += (double) r.stats().multipliers() * r.stats().cycles();
                }
                passes++;
            } while (System.nanoTime() - t0 < seconds * 1e9);
            double wall = (System.nanoTime() - t0) / 1e9;
            double modelMs = modelMsPerImage(g, acc, test, images);
            System.out.printf(Locale.ROOT, "%-72s %,14d %9.1f%% %,16.0f %,16.0f %14.1f%n", acc.describe(), cycles / (passes * images),
                    100 * busy / capacity, cycles / wall, passes * (double) macs / wall, modelMs);
        }
        return 0;
    }

    private static void runAll(Accelerator acc, List<LayerCapture.Captured> layers) {
        for (LayerCapture.Captured c : layers) acc.run(ConvLayer.fp32(c.spec(), c.input(), c.n(), c.h(), c.w(), c.weights()));
    }

    private static double modelMsPerImage(Graph g, Accelerator acc, Dataset test, int images) {
        AcceleratorTarget.SimulatedModel m = AcceleratorTarget.SimulatedModel.compile(g, acc, null);
        m.infer(test.images(), images);
        long t0 = System.nanoTime();
        int reps = 3;
        for (int i = 0; i < reps; i++) m.infer(test.images(), images);
        return (System.nanoTime() - t0) / 1e6 / (reps * images);
    }
}
