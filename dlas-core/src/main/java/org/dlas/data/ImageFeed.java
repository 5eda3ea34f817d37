package org.dlas.data;

import java.util.Arrays;
import java.util.List;

import org.dlas.ir.Shape;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Feeds a data set's images to a model whose input has other dims: one grey channel replicated to
 * three, and the image resized (bilinear or nearest) or zero-padded (centred; 0 is the data set's
 * mean after its normalisation) to the model's height and width. Values keep the data set's
 * normalisation.
 */
public final class ImageFeed {
    public static final List<String> MODES = List.of("bilinear", "nearest", "pad");

    private ImageFeed() { }

    /** {@code d} as images of {@code target}; {@code d} itself when it already fits. */
    public static Dataset adapt(Dataset d, Shape target, String mode) {
        if (d.channels() == target.channels() && d.height() == target.height() && d.width() == target.width()) return d;
        if (!MODES.contains(mode)) throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "image feed '" + mode + "': accepted " + MODES);
        if (d.channels() != target.channels() && d.channels() != 1) {
            throw new InvalidInputException(ErrorKind.UNSUPPORTED, d.name() + " has " + d.channels() + " channels, the model takes " + target.channels()
                    + "; dlas replicates one grey channel only");
        }
        if (mode.equals("pad") && (target.height() < d.height() || target.width() < d.width())) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "feed pad: the model's input " + target + " is smaller than the images (" + d.height() + "x" + d.width()
                    + "); use bilinear or nearest");
        }
        int n = d.size(), per = target.size();
        float[] out = new float[n * per];
        float[] plane = new float[target.height() * target.width()];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < target.channels(); c++) {
                int src = i * d.imageSize() + (d.channels() == 1 ? 0 : c) * d.height() * d.width();
                spatial(d.images(), src, d.height(), d.width(), plane, target.height(), target.width(), mode);
                System.arraycopy(plane, 0, out, i * per + c * plane.length, plane.length);
            }
        }
        return new Dataset(d.name() + " fed as " + target + " (" + mode + (d.channels() != target.channels() ? ", grey replicated" : "") + ")",
                target.channels(), target.height(), target.width(), d.classes(), out, d.labels(), d.classNames());
    }

    /**
     * {@code d}'s images, normalised as {@code (x - dataMean) / dataStd} of pixels in [0, 1], renormalised
     * to the model's own {@code (x - mean[c]) / std[c]} (one value or one per channel).
     */
    public static Dataset renormalise(Dataset d, float dataMean, float dataStd, float[] mean, float[] std) {
        int c = d.channels();
        if (mean.length != 1 && mean.length != c || std.length != 1 && std.length != c) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "model onnx: mean/std need 1 or " + c + " values (the model's input channels), got " + mean.length + " and " + std.length);
        }
        int plane = d.height() * d.width();
        float[] x = d.images(), y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int ch = (i / plane) % c;
            float raw = x[i] * dataStd + dataMean;
            y[i] = (raw - mean[mean.length == 1 ? 0 : ch]) / std[std.length == 1 ? 0 : ch];
        }
        return new Dataset(d.name() + ", normalised (x - " + Arrays.toString(mean) + ") / " + Arrays.toString(std), c, d.height(), d.width(),
                d.classes(), y, d.labels(), d.classNames());
    }

    private static void spatial(float[] x, int at, int h, int w, float[] y, int oh, int ow, String mode) {
        if (mode.equals("pad")) {
            Arrays.fill(y, 0f);
            int top = (oh - h) / 2, left = (ow - w) / 2;
            for (int r = 0; r < h; r++) System.arraycopy(x, at + r * w, y, (top + r) * ow + left, w);
            return;
        }
        for (int r = 0; r < oh; r++) {
            // half-pixel centres, as torchvision's and PIL's resize
            double sy = Math.max(0, (r + 0.5) * h / oh - 0.5);
            for (int c = 0; c < ow; c++) {
                double sx = Math.max(0, (c + 0.5) * w / ow - 0.5);
                if (mode.equals("nearest")) {
                    int iy = Math.min(h - 1, (int) Math.floor((r + 0.5) * h / oh)), ix = Math.min(w - 1, (int) Math.floor((c + 0.5) * w / ow));
                    y[r * ow + c] = x[at + iy * w + ix];
                    continue;
                }
                int y0 = Math.min(h - 1, (int) sy), x0 = Math.min(w - 1, (int) sx);
                int y1 = Math.min(h - 1, y0 + 1), x1 = Math.min(w - 1, x0 + 1);
                double fy = sy - y0, fx = sx - x0;
                double top = x[at + y0 * w + x0] * (1 - fx) + x[at + y0 * w + x1] * fx;
                double bottom = x[at + y1 * w + x0] * (1 - fx) + x[at + y1 * w + x1] * fx;
                y[r * ow + c] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
    }
}
