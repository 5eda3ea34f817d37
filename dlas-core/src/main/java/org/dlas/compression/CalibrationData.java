package org.dlas.compression;

import org.dlas.ir.Shape;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Calibration images for compressions that look at activations ({@code int8} range calibration,
 * {@code channel-prune} bias correction): {@code count} images in NCHW order, each of the model's
 * input shape, drawn from a calibration split that is disjoint from the test split.
 *
 * @param images {@code count * C * H * W} values
 * @param count  number of images, at least 1
 */
public record CalibrationData(float[] images, int count) {

    public CalibrationData {
        if (images == null) throw new InvalidInputException(ErrorKind.MISSING, "calibration images are null");
        if (count <= 0) throw new InvalidInputException(ErrorKind.MISSING, "calibration needs at least one image, got count=" + count);
        if (images.length % count != 0) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "calibration data has " + images.length + " values, not a multiple of count=" + count);
        }
    }

    /** Values per image. */
    public int imageSize() { return images.length / count; }

    /** Throws when the images do not have the model's input shape. */
    public void requireShape(Shape input) {
        if (imageSize() != input.size()) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "calibration images have " + imageSize() + " values each, the model input "
                    + input + " needs " + input.size());
        }
    }

    /** Images {@code [from, from + n)} as one NCHW batch (a copy). */
    public float[] batch(int from, int n) {
        int size = imageSize();
        float[] out = new float[n * size];
        System.arraycopy(images, from * size, out, 0, n * size);
        return out;
    }

    @Override public String toString() { return "CalibrationData(" + count + " images of " + imageSize() + " values)"; }
}
