package org.dlas.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dlas.data.LabelledImageFolder;
import org.dlas.spec.Axis;
import org.dlas.spec.Choice;
import org.dlas.spec.Measurement;
import org.dlas.spec.PlannedPoint;
import org.dlas.spec.Point;

/** A labelled image folder ({@code images: DIR}) enters a point's identity by its images, not its path. */
class ImageFolderIdentityTest {

    private static void folder(Path dir, byte[] firstImage) throws Exception {
        for (String c : List.of("cat", "dog")) {
            Files.createDirectories(dir.resolve(c));
            Files.write(dir.resolve(c).resolve("a.png"), c.equals("cat") ? firstImage : new byte[] {1, 2, 3});
        }
    }

    private static String contents(Path onnx, Path images) throws Exception {
        Choice model = new Choice("onnx", Map.of("path", onnx.toString(), "images", images.toString()));
        Point p = new Point("s", Map.of(Axis.MODEL, model), Measurement.defaults());
        return ModelSource.identifiedByContent(List.of(new PlannedPoint(p, null))).get(0).point().contents().get(Axis.MODEL);
    }

    @Test
    void theFolderDigestFollowsItsImagesAndClasses(@TempDir Path dir) throws Exception {
        Path onnx = Files.write(dir.resolve("m.onnx"), new byte[] {9});
        Path a = dir.resolve("a"), copy = dir.resolve("elsewhere/b"), edited = dir.resolve("c"), relabelled = dir.resolve("d");
        folder(a, new byte[] {4, 5});
        folder(copy, new byte[] {4, 5});
        folder(edited, new byte[] {4, 6});
        folder(relabelled, new byte[] {4, 5});
        Files.move(relabelled.resolve("cat"), relabelled.resolve("ant"));

        String digest = LabelledImageFolder.sha256(a);
        assertEquals(digest, LabelledImageFolder.sha256(copy), "the same images under another path");
        assertNotEquals(digest, LabelledImageFolder.sha256(edited), "one image's bytes changed");
        assertNotEquals(digest, LabelledImageFolder.sha256(relabelled), "a class renamed");

        String c = contents(onnx, a);
        assertTrue(c.startsWith("sha256:") && c.endsWith(";images-sha256:" + digest), c);
        assertNotEquals(c, contents(onnx, edited).replace(edited.toString(), a.toString()));
        // the point hash changes with the images even though the YAML is the same
        Files.write(a.resolve("dog").resolve("a.png"), new byte[] {7});
        assertNotEquals(c, contents(onnx, a), "an image edited in place");
    }
}
