package org.dlas.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
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

    private static List<Path> classDirs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    /**
     * SHA-256 over what the folder feeds a sweep: each class name, and the name and bytes of each
     * of its images, in load order (so renaming the folder keeps it; editing, adding, removing or
     * relabelling an image changes it). 64 lower-case hex digits.
     */
    public static String sha256(Path dir) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        for (Path c : classDirs(dir)) {
            sha.update(("class " + c.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
            for (Path f : ImageFolder.files(c)) {
                byte[] bytes = Files.readAllBytes(f);
                sha.update(("image " + f.getFileName() + " " + bytes.length + "\n").getBytes(StandardCharsets.UTF_8));
                sha.update(bytes);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public static Dataset load(Path dir, Shape target, float[] mean, float[] std) throws IOException {
        List<Path> classDirs = classDirs(dir);
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
