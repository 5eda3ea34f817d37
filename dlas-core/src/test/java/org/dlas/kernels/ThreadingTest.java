package org.dlas.kernels;

import static org.dlas.kernels.ConvCases.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Parallel runs give the single-threaded bits; interrupts become CancellationException. */
class ThreadingTest {
    static Stream<String> names() { return Primitives.names().stream(); }

    @AfterEach
    void restoreThreshold() {
        Parallel.setThresholdMacs(Parallel.DEFAULT_THRESHOLD_MACS);
        Thread.interrupted();
    }

    private static ConvSpec specFor(String name, boolean grouped) {
        // ~2.3M MACs per image: above the default threshold
        return grouped && !name.equals("winograd") ? conv(24, 32, 3, 3, 1, 1, 2) : conv(16, 24, 3, 3, 1, 1, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void parallelEqualsSerialBitForBit(String name) {
        ConvPrimitive p = Primitives.create(name, null);
        Random rnd = new Random(name.hashCode());
        for (boolean grouped : new boolean[] {false, true}) {
            ConvSpec spec = specFor(name, grouped);
            int n = 2, h = 23, w = 21;
            float[] wt = randomFloats(rnd, spec.weightCount()), b = randomFloats(rnd, spec.outChannels());
            if (p.sparse()) wt = sparsify(wt, zeroMask(rnd, wt.length, 0.7));
            float[] x = randomFloats(rnd, n * spec.inChannels() * h * w);
            byte[] wq = randomBytes(rnd, spec.weightCount());
            byte[] xq = randomBytes(rnd, x.length);
            PreparedConv pc = p.prepare(spec, wt, b);
            PreparedConvInt8 pq = p.prepareInt8(spec, wq, null);

            Parallel.setThresholdMacs(Long.MAX_VALUE);
            float[] serial = pc.run(x, n, h, w);
            int[] serialQ = pq.run(xq, n, h, w, 5);
            Parallel.setThresholdMacs(0);
            float[] parallel = pc.run(x, n, h, w);
            int[] parallelQ = pq.run(xq, n, h, w, 5);
            assertArrayEquals(serial, parallel, name + " fp32 grouped=" + grouped);
            assertArrayEquals(serialQ, parallelQ, name + " int8 grouped=" + grouped);
            // and the parallel run is still right
            assertClose(new DirectPrimitive().prepare(spec, wt, b).run(x, n, h, w), parallel, name);
            assertExact(new DirectPrimitive().prepareInt8(spec, wq, null).run(xq, n, h, w, 5), parallelQ, name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void interruptedBeforeRunThrowsCancellation(String name) {
        ConvPrimitive p = Primitives.create(name, null);
        ConvSpec spec = conv(4, 4, 3, 3, 1, 1, 1);
        PreparedConv pc = p.prepare(spec, new float[spec.weightCount()], null);
        PreparedConvInt8 pq = p.prepareInt8(spec, new byte[spec.weightCount()], null);
        for (long threshold : new long[] {Long.MAX_VALUE, 0}) {
            Parallel.setThresholdMacs(threshold);
            Thread.currentThread().interrupt();
            assertThrows(CancellationException.class, () -> pc.run(new float[4 * 36], 1, 6, 6));
            assertFalse(Thread.currentThread().isInterrupted(), "the flag is consumed");
            Thread.currentThread().interrupt();
            assertThrows(CancellationException.class, () -> pq.run(new byte[4 * 36], 1, 6, 6, 0));
            assertFalse(Thread.interrupted());
            // and an uninterrupted run goes through
            assertEquals(4 * 36, pc.run(new float[4 * 36], 1, 6, 6).length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void interruptDuringParallelRunCancelsIt(String name) throws InterruptedException {
        ConvPrimitive p = Primitives.create(name, null);
        ConvSpec spec = conv(16, 16, 3, 3, 1, 1, 1);
        Random rnd = new Random(1);
        PreparedConv pc = p.prepare(spec, randomFloats(rnd, spec.weightCount()), null);
        float[] x = randomFloats(rnd, 2 * 16 * 40 * 40);
        Parallel.setThresholdMacs(0);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                for (int i = 0; i < 100_000; i++) pc.run(x, 2, 40, 40); // until interrupted
                outcome.set(new AssertionError("never cancelled"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        worker.start();
        Thread.sleep(30);
        worker.interrupt();
        worker.join(20_000);
        assertFalse(worker.isAlive(), "the run stopped");
        assertInstanceOf(CancellationException.class, outcome.get());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void onePreparedLayerRunsFromSeveralThreads(String name) throws Exception {
        ConvSpec spec = conv(8, 12, 3, 3, 1, 1, 1);
        Random rnd = new Random(4);
        PreparedConv pc = Primitives.create(name, null).prepare(spec, randomFloats(rnd, spec.weightCount()), null);
        float[][] inputs = new float[4][];
        float[][] expected = new float[4][];
        for (int i = 0; i < 4; i++) {
            inputs[i] = randomFloats(rnd, 8 * 15 * 13);
            expected[i] = pc.run(inputs[i], 1, 15, 13);
        }
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<float[]>> futures = new java.util.ArrayList<>();
            for (int rep = 0; rep < 5; rep++) {
                for (int i = 0; i < 4; i++) {
                    int k = i;
                    futures.add(ex.submit(() -> pc.run(inputs[k], 1, 15, 13)));
                }
            }
            for (int f = 0; f < futures.size(); f++) assertArrayEquals(expected[f % 4], futures.get(f).get(), name);
        } finally {
            ex.shutdownNow();
        }
    }
}
