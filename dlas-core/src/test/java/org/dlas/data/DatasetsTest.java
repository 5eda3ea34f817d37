package org.dlas.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;

import org.junit.jupiter.api.Test;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

class DatasetsTest {

    @Test
    void namesAreFashionMnistAndMnist() {
        assertEquals(Set.of("fashion-mnist", "mnist"), Datasets.names());
    }

    @Test
    void fashionMnistSplitsHaveOfficialCountsAndKnownLabels() {
        DatasetSplits s = Datasets.load("fashion-mnist");
        assertEquals(58_000, s.train().size());
        assertEquals(2_000, s.calibration().size());
        assertEquals(10_000, s.test().size());
        assertEquals(60_000, s.train().size() + s.calibration().size());
        // first labels of the official Fashion-MNIST test set: ankle boot, pullover, trouser, trouser, shirt
        int[] expected = {9, 2, 1, 1, 6};
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], s.test().label(i), "test label " + i);
        // first labels of the official training set: ankle boot, T-shirt, T-shirt, dress, T-shirt
        assertArrayEquals(new int[] {9, 0, 0, 3, 0}, java.util.Arrays.copyOf(s.train().labels(), 5));
        assertEquals("Ankle boot", s.test().classNames().get(9));
        assertTrue(s.licence().contains("MIT"));
        assertTrue(s.source().contains("Zalando"));
        checkSplit(s.train(), "fashion-mnist");
        checkSplit(s.calibration(), "fashion-mnist");
        checkSplit(s.test(), "fashion-mnist");
        assertSame(s, Datasets.load("fashion-mnist"), "splits are cached");
    }

    @Test
    void mnistSplitsHaveOfficialCountsAndKnownLabels() {
        DatasetSplits s = Datasets.load("mnist");
        assertEquals(58_000, s.train().size());
        assertEquals(2_000, s.calibration().size());
        assertEquals(10_000, s.test().size());
        // the official MNIST test set starts 7, 2, 1, 0, 4; the training set 5, 0, 4, 1, 9
        assertArrayEquals(new int[] {7, 2, 1, 0, 4}, java.util.Arrays.copyOf(s.test().labels(), 5));
        assertArrayEquals(new int[] {5, 0, 4, 1, 9}, java.util.Arrays.copyOf(s.train().labels(), 5));
        assertTrue(s.licence().contains("CC BY-SA 3.0"));
        checkSplit(s.train(), "mnist");
        checkSplit(s.test(), "mnist");
    }

    @Test
    void calibrationIsTheEndOfTheOfficialTrainingSetConvertedOnItsOwn() {
        DatasetSplits s = Datasets.load("fashion-mnist");
        IdxReader.Images raw = IdxReader.readImages("datasets/fashionmnist/train-images-idx3-ubyte.gz", 60_000);
        int[] labels = IdxReader.readLabels("datasets/fashionmnist/train-labels-idx1-ubyte.gz", 60_000);
        for (int i : new int[] {0, 1, 999, 1999}) {
            int official = Datasets.TRAIN_IMAGES + i;
            assertEquals(labels[official], s.calibration().label(i), "label of calibration image " + i);
            float[] img = s.calibration().image(i);
            for (int p = 0; p < 784; p++) {
                assertEquals(Datasets.normalise("fashion-mnist", raw.pixel(official, p)), img[p], 1e-6, "image " + i + " pixel " + p);
            }
        }
    }

    @Test
    void aLazyTrainingSplitIsReadOnFirstUseOnlyAndOnce() {
        Dataset test = Datasets.load("mnist").test().take(3);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        DatasetSplits s = DatasetSplits.withLazyTrain(() -> {
            reads.incrementAndGet();
            return test.take(2);
        }, test, test, "src", "lic");
        assertFalse(s.trainLoaded());
        assertEquals(0, reads.get(), "nothing read before train() is asked for");
        assertEquals(2, s.train().size());
        assertSame(s.train(), s.train());
        assertEquals(1, reads.get());
        assertTrue(s.trainLoaded());
        assertTrue(new DatasetSplits(null, test, test, "src", "lic").trainLoaded(), "a given (absent) training split counts as read");
    }

    private static void checkSplit(Dataset d, String name) {
        assertEquals(1, d.channels());
        assertEquals(28, d.height());
        assertEquals(28, d.width());
        assertEquals(10, d.classes());
        assertEquals(d.size() * 784, d.images().length);
        float lo = Datasets.normalise(name, 0), hi = Datasets.normalise(name, 255);
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        double sum = 0;
        for (float v : d.images()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        assertEquals(lo, min, 1e-6, "darkest pixel normalises to (0 - mean) / std");
        assertEquals(hi, max, 1e-6, "brightest pixel normalises to (1 - mean) / std");
        assertTrue(lo < -0.3 && hi > 2, "range " + lo + ".." + hi);
        double mean = sum / d.images().length;
        assertEquals(0, mean, 0.05, "normalised mean near 0");
        int[] counts = new int[10];
        for (int l : d.labels()) {
            assertTrue(l >= 0 && l < 10);
            counts[l]++;
        }
        for (int c : counts) assertTrue(c > d.size() / 20, "every class present");
    }

    @Test
    void calibrationIsTheTailOfTheOfficialTrainingSet() {
        DatasetSplits s = Datasets.load("fashion-mnist");
        // the calibration images are not a copy of any of the first training images
        float[] first = s.calibration().image(0);
        for (int i = 0; i < 100; i++) assertFalse(java.util.Arrays.equals(first, s.train().image(i)));
        assertNotEquals(java.util.Arrays.toString(s.calibration().image(0)), java.util.Arrays.toString(s.test().image(0)));
    }

    @Test
    void sliceTakeAndImage() {
        Dataset t = Datasets.load("fashion-mnist").test();
        Dataset five = t.take(5);
        assertEquals(5, five.size());
        assertArrayEquals(t.image(4), five.image(4));
        Dataset mid = t.slice(3, 7);
        assertEquals(4, mid.size());
        assertArrayEquals(t.image(3), mid.image(0));
        assertEquals(t.label(6), mid.label(3));
        assertThrows(IndexOutOfBoundsException.class, () -> t.slice(5, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> t.image(10_000));
        assertSame(t, t.take(1_000_000));
        assertEquals(ErrorKind.UNKNOWN_NAME, assertThrows(InvalidInputException.class, () -> Datasets.load("cifar-10")).kind());
    }

    @Test
    void missingResourceIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> IdxReader.readLabels("datasets/nope/t10k-labels-idx1-ubyte.gz", -1));
        assertTrue(e.getMessage().contains("datasets/nope/t10k-labels-idx1-ubyte.gz"), e.getMessage());
        IllegalStateException wrongMagic = assertThrows(IllegalStateException.class,
                () -> IdxReader.readImages("datasets/mnist/t10k-labels-idx1-ubyte.gz", -1));
        assertTrue(wrongMagic.getMessage().contains("magic"), wrongMagic.getMessage());
        IllegalStateException wrongCount = assertThrows(IllegalStateException.class,
                () -> IdxReader.readLabels("datasets/mnist/t10k-labels-idx1-ubyte.gz", 60_000));
        assertTrue(wrongCount.getMessage().contains("10000"), wrongCount.getMessage());
    }
}
