package org.dlas.models;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.train.TrainRecipe;

/** Architectures and cache mechanics (fast; the trained accuracies are in {@link ZooAccuracyTest}). */
class ModelZooTest {

    @Test
    void zooHasFiveModelsFor28x28Images() {
        assertEquals(List.of("lenet", "vgg", "resnet", "mobilenetv2", "densenet"), List.copyOf(ModelZoo.names()));
        for (String name : ModelZoo.names()) {
            Graph g = ModelZoo.architecture(name, 1);
            assertEquals(name, g.name());
            assertEquals(new Shape(1, 28, 28), g.inputShape());
            assertEquals(new Shape(10, 1, 1), g.outputShape(), name + " outputs 10 logits");
            assertInstanceOf(Op.Dense.class, g.node(g.output()).op(), name + " ends in a dense layer");
            GraphStats s = GraphStats.of(g);
            assertTrue(s.params() > 5_000 && s.params() < 60_000, name + " params " + s.params());
            assertTrue(s.macs() > 300_000 && s.macs() < 2_500_000, name + " MACs " + s.macs());
            for (Node n : g.nodes()) {
                if (n.op() instanceof Op.Conv2d c) assertTrue(c.spec().outChannels() <= 96, n.name());
            }
        }
    }

    private static long count(Graph g, Class<? extends Op> kind) {
        return g.nodes().stream().filter(n -> kind.isInstance(n.op())).count();
    }

    @Test
    void architecturesHaveTheirCharacteristicOperators() {
        Graph vgg = ModelZoo.architecture("vgg", 1);
        assertEquals(0, count(vgg, Op.BatchNorm.class) + count(vgg, Op.Add.class) + count(vgg, Op.Concat.class), "vgg is a plain stack");
        assertTrue(count(vgg, Op.Conv2d.class) >= 5 && count(vgg, Op.MaxPool.class) == 3);
        vgg.nodes().stream().filter(n -> n.op() instanceof Op.Conv2d).forEach(n -> assertEquals(3, ((Op.Conv2d) n.op()).spec().kernelH()));

        Graph res = ModelZoo.architecture("resnet", 1);
        assertEquals(2, count(res, Op.Add.class));
        assertTrue(count(res, Op.BatchNorm.class) >= 5);
        assertTrue(res.nodes().stream().anyMatch(n -> n.op() instanceof Op.Conv2d c && c.spec().kernelH() == 1 && c.spec().strideH() == 2),
                "resnet has a strided 1x1 projection shortcut");

        Graph mb = ModelZoo.architecture("mobilenetv2", 1);
        assertTrue(count(mb, Op.Relu6.class) >= 6);
        assertEquals(2, count(mb, Op.Add.class));
        assertEquals(3, mb.nodes().stream().filter(n -> n.op() instanceof Op.Conv2d c && c.spec().depthwise()).count(), "three depthwise convs");

        Graph dn = ModelZoo.architecture("densenet", 1);
        assertEquals(6, count(dn, Op.Concat.class));
        assertEquals(1, count(dn, Op.AvgPool.class));
        assertTrue(count(dn, Op.BatchNorm.class) >= 7);
    }

    @Test
    void architecturesAreSeeded() {
        for (String name : ModelZoo.names()) {
            Graph a = ModelZoo.architecture(name, 5), b = ModelZoo.architecture(name, 5), c = ModelZoo.architecture(name, 6);
            String da = ModelIOTest.describe(a.nodes().get(1).op());
            assertEquals(da, ModelIOTest.describe(b.nodes().get(1).op()));
            assertNotEquals(da, ModelIOTest.describe(c.nodes().get(1).op()));
        }
        assertEquals(ErrorKind.UNKNOWN_NAME, assertThrows(InvalidInputException.class, () -> ModelZoo.architecture("alexnet", 1)).kind());
    }

    @Test
    void heInitialisationScale() {
        Graph g = ModelZoo.architecture("vgg", 1);
        Op.Conv2d c = (Op.Conv2d) g.node("conv3").op(); // 8 -> 16 channels, fan-in 72
        double sq = 0;
        for (float v : c.weight()) sq += v * v;
        double std = Math.sqrt(sq / c.weight().length);
        assertEquals(Math.sqrt(2.0 / 72), std, 0.02);
    }

    @Test
    void recipeHashCoversNameDatasetAndRecipe() {
        Set<String> hashes = new java.util.HashSet<>();
        for (String name : ModelZoo.names()) {
            hashes.add(ModelZoo.recipeHash(name, "fashion-mnist"));
            hashes.add(ModelZoo.recipeHash(name, "mnist"));
        }
        assertEquals(10, hashes.size());
        TrainRecipe r = ModelZoo.recipe("lenet");
        TrainRecipe other = new TrainRecipe(r.epochs(), r.batchSize(), r.learningRate(), r.momentum(), r.weightDecay(), r.seed(),
                r.trainImages() - 64, r.warmupSteps());
        assertNotEquals(ModelZoo.recipeHash("lenet", "fashion-mnist", s -> ModelZoo.architecture("lenet", s), r),
                ModelZoo.recipeHash("lenet", "fashion-mnist", s -> ModelZoo.architecture("lenet", s), other));
        assertEquals(ModelZoo.recipeHash("lenet", "fashion-mnist"), ModelZoo.recipeHash("lenet", "fashion-mnist"));
        Path f = ModelZoo.cacheFile("resnet", "fashion-mnist");
        assertTrue(f.getFileName().toString().matches("resnet-[0-9a-f]{16}\\.dlasm"), f.toString());
        assertEquals("models", f.getParent().getFileName().toString());
    }

    @Test
    void cacheDirectoryFollowsTheSystemProperty() {
        String old = System.getProperty("dlas.cache");
        try {
            System.setProperty("dlas.cache", "/tmp/some-dlas-cache");
            assertEquals(Path.of("/tmp/some-dlas-cache"), ModelZoo.cacheDir());
            assertTrue(ModelZoo.cacheFile("lenet", "fashion-mnist").startsWith(Path.of("/tmp/some-dlas-cache/models")));
        } finally {
            if (old == null) System.clearProperty("dlas.cache");
            else System.setProperty("dlas.cache", old);
        }
    }

    @Test
    void trainsOnceCachesAtomicallyAndReloads(@TempDir Path dir) throws Exception {
        TrainRecipe tiny = new TrainRecipe(1, 64, 0.05f, 0.9f, 5e-4f, 3, 640, 2);
        // two threads ask at once: one trains, both get the same model
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<TrainedModel>> fs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            fs.add(pool.submit(() -> ModelZoo.obtain("lenet", "fashion-mnist", s -> ModelZoo.architecture("lenet", s), tiny, dir)));
        }
        TrainedModel a = fs.get(0).get(), b = fs.get(1).get();
        pool.shutdown();
        assertSame(a, b);
        assertTrue(Files.isRegularFile(a.file()));
        assertTrue(a.file().startsWith(dir.resolve("models")));
        assertTrue(Files.isRegularFile(a.file().resolveSibling(a.file().getFileName().toString().replace(".dlasm", ".json"))));
        assertTrue(a.testTop1() > 0.3, "640 images already beat chance: " + a.testTop1());
        assertEquals(Double.toString(a.testTop1()), a.metadata().get("test.top1"));
        assertEquals(tiny.canonical(), a.metadata().get("recipe"));
        // a fresh reader (another process) gets the same weights from the file
        ModelIO.Stored s = ModelIO.read(a.file());
        ModelIOTest.assertSameGraph(a.graph(), s.graph());
        assertEquals(a.recipeHash(), s.metadata().get("recipe.hash"));
        // a corrupt cache file is retrained, not trusted
        byte[] bytes = Files.readAllBytes(a.file());
        bytes[bytes.length / 2] ^= 1;
        Files.write(a.file(), bytes);
        Path other = dir.resolve("other");
        Files.createDirectories(other.resolve("models"));
        Files.write(ModelZoo.cacheFile(other, "lenet", a.recipeHash()), bytes);
        TrainedModel c = ModelZoo.obtain("lenet", "fashion-mnist", s2 -> ModelZoo.architecture("lenet", s2), tiny, other);
        ModelIOTest.assertSameGraph(a.graph(), c.graph()); // deterministic retraining reproduces the weights
        ModelIOTest.assertSameGraph(a.graph(), ModelIO.load(c.file()));
    }
}
