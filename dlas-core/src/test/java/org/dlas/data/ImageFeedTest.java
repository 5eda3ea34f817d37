package org.dlas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.ir.Shape;
import org.junit.jupiter.api.Test;

class ImageFeedTest {
    /** One grey 2x2 image: 1 2 / 3 4. */
    private static final Dataset GREY = new Dataset("grey", 1, 2, 2, 2, new float[] {1, 2, 3, 4}, new int[] {1}, List.of("a", "b"));

    @Test void fittingImagesAreKept() {
        assertSame(GREY, ImageFeed.adapt(GREY, new Shape(1, 2, 2), "bilinear"));
    }

    @Test void nearestDoublesEachPixelAndReplicatesGrey() {
        float[] one = {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4};
        float[] three = new float[48];
        for (int c = 0; c < 3; c++) System.arraycopy(one, 0, three, c * 16, 16);
        assertArrayEquals(three, ImageFeed.adapt(GREY, new Shape(3, 4, 4), "nearest").images());
    }

    @Test void bilinearUsesHalfPixelCentres() {
        // torch.nn.functional.interpolate(x, size=(4, 4), mode="bilinear", align_corners=False) on [[1, 2], [3, 4]]
        float[] expected = {1f, 1.25f, 1.75f, 2f, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3f, 3.25f, 3.75f, 4f};
        assertArrayEquals(expected, ImageFeed.adapt(GREY, new Shape(1, 4, 4), "bilinear").images(), 1e-6f);
    }

    @Test void padCentresTheImage() {
        float[] expected = {0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0};
        assertArrayEquals(expected, ImageFeed.adapt(GREY, new Shape(1, 4, 4), "pad").images());
        assertEquals(ErrorKind.CONFLICT, assertThrows(InvalidInputException.class, () -> ImageFeed.adapt(GREY, new Shape(1, 1, 1), "pad")).kind());
    }

    @Test void renormaliseMapsTheDataSetsNormalisationToTheModelsPerChannel() {
        // data set: (p - 0.5) / 0.25, so 1 2 / 3 4 are the pixels 0.75 1.0 / 1.25 1.5; two channels after replication
        Dataset two = ImageFeed.adapt(GREY, new Shape(2, 2, 2), "nearest");
        Dataset r = ImageFeed.renormalise(two, 0.5f, 0.25f, new float[] {0.5f, 1f}, new float[] {0.5f, 0.25f});
        assertArrayEquals(new float[] {0.5f, 1f, 1.5f, 2f, -1f, 0f, 1f, 2f}, r.images(), 1e-6f);
        assertArrayEquals(two.labels(), r.labels());
        // scale/offset: y = 2p - 1 is mean 0.5, std 0.5, one value for every channel
        assertArrayEquals(new float[] {0.5f, 1f, 1.5f, 2f}, ImageFeed.renormalise(GREY, 0.5f, 0.25f, new float[] {0.5f}, new float[] {0.5f}).images(), 1e-6f);
        assertEquals(ErrorKind.CONFLICT, assertThrows(InvalidInputException.class, () -> ImageFeed.renormalise(two, 0.5f, 0.25f, new float[] {1, 2, 3}, new float[] {1})).kind());
    }

    @Test void twoChannelsCannotBecomeThree() {
        Dataset two = new Dataset("two", 2, 1, 1, 2, new float[] {1, 2}, new int[] {0}, List.of("a", "b"));
        assertEquals(ErrorKind.UNSUPPORTED, assertThrows(InvalidInputException.class, () -> ImageFeed.adapt(two, new Shape(3, 1, 1), "bilinear")).kind());
    }
}
