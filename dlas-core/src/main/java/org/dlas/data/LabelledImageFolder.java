package org.dlas.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.dlas.ir.Shape;

/**
 * A user's labelled images as a {@link Dataset}: one sub-folder per class (classes in name order,
 * label = index), PNG/JPEG images in each, read and normalised as {@link ImageFolder} does.
 */
public final class LabelledImageFolder {
    private LabelledImageFolder() { }

    /** Whether {@code dir} is laid out as one sub-folder per class (it has sub-folders and no images of its own). */
    public static boolean isLabelled(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> entries = s.toList();
            return entries.stream().anyMatch(Files::isDirectory) && entries.stream().noneMatch(p -> ImageFolder.isImage(p));
        }
    }

    public static Dataset load(Path dir, Shape target, float[] mean, float[] std) throws IOException {
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(dir)) {
            classDirs = s.filter(Files::isDirectory).sorted().toList();
        }
        if (classDirs.size() < 2) throw new IOException(dir + ": a labelled image folder needs one sub-folder per class, at least two; found " + classDirs.size());
        List<Path> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            names.add(classDirs.get(c).getFileName().toString());
            for (Path f : ImageFolder.files(classDirs.get(c))) {
                files.add(f);
                labels.add(c);
            }
        }
        float[] x = ImageFolder.load(files, target, mean, std);
        return new Dataset(dir.getFileName() + " (" + files.size() + " labelled images in " + names.size() + " classes)", target.channels(),
                target.height(), target.width(), names.size(), x, labels.stream().mapToInt(Integer::intValue).toArray(), names);
    }
}
