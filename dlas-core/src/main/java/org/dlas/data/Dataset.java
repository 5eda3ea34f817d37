package org.dlas.data;

import java.util.Arrays;
import java.util.List;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A labelled image set held in memory: {@code images} holds {@code size()} images of
 * channels x height x width, normalised floats, image after image (NCHW); {@code labels} their
 * classes in [0, classes). Arrays are shared, not copied: treat them as read-only.
 */
public record Dataset(String name, int channels, int height, int width, int classes, float[] images, int[] labels,
                      List<String> classNames) {

    public Dataset {
        if (channels <= 0 || height <= 0 || width <= 0 || classes <= 0) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, name + ": invalid geometry " + channels + "x" + height + "x" + width + ", " + classes + " classes");
        }
        long per = (long) channels * height * width;
        if (images.length != per * labels.length) {
            throw new InvalidInputException(ErrorKind.CONFLICT, name + ": " + images.length + " pixel values for " + labels.length
                    + " images of " + per);
        }
        classNames = List.copyOf(classNames);
        if (classNames.size() != classes) {
            throw new InvalidInputException(ErrorKind.CONFLICT, name + ": " + classNames.size() + " class names for " + classes + " classes");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, name + ": label " + labels[i] + " of image " + i + " outside [0, " + classes + ")");
            }
        }
    }

    public int size() { return labels.length; }

    /** Values per image: channels x height x width. */
    public int imageSize() { return channels * height * width; }

    /** A copy of image {@code i}. */
    public float[] image(int i) {
        if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("image " + i + " of " + size() + " in " + name);
        int per = imageSize();
        return Arrays.copyOfRange(images, i * per, (i + 1) * per);
    }

    public int label(int i) { return labels[i]; }

    /** Images {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + size() + " images in " + name);
        }
        if (from == 0 && to == size()) return this;
        int per = imageSize();
        return new Dataset(name, channels, height, width, classes, Arrays.copyOfRange(images, from * per, to * per),
                Arrays.copyOfRange(labels, from, to), classNames);
    }

    /** The first {@code n} images (all of them when n &gt;= size()). */
    public Dataset take(int n) {
        if (n < 0) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "take(" + n + ")");
        return slice(0, Math.min(n, size()));
    }

    @Override public String toString() {
        return "Dataset(" + name + ", " + size() + " images " + channels + "x" + height + "x" + width + ", " + classes + " classes)";
    }
}
