package org.dlas.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.dlas.ir.Shape;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A folder of PNG/JPEG images as model inputs: files in name order, pixels scaled to [0, 1],
 * grey replicated or colour averaged to the model's channels, resized (bilinear, half-pixel
 * centres) to its height and width, then normalised per channel: (x - mean[c]) / std[c].
 */
public final class ImageFolder {
    private ImageFolder() { }

    /** The image files of {@code dir} (png, jpg, jpeg), in name order. */
    public static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(ImageFolder::isImage).sorted().toList();
            if (files.isEmpty()) throw new IOException(dir + ": no .png, .jpg or .jpeg images");
            return files;
        }
    }

    /** Whether {@code p} is named as a PNG or JPEG image. */
    static boolean isImage(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)");
    }

    /** The images of {@code files} as NCHW values of {@code target}. */
    public static float[] load(List<Path> files, Shape target, float[] mean, float[] std) throws IOException {
        if (mean.length != 1 && mean.length != target.channels() || std.length != 1 && std.length != target.channels()) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "--mean/--std need 1 or " + target.channels() + " values");
        }
        float[] out = new float[files.size() * target.size()];
        for (int i = 0; i < files.size(); i++) {
            BufferedImage img = ImageIO.read(files.get(i).toFile());
            if (img == null) throw new IOException(files.get(i) + ": not a readable PNG or JPEG image");
            boolean colour = img.getColorModel().getNumColorComponents() >= 3;
            int h = img.getHeight(), w = img.getWidth(), channels = colour ? 3 : 1;
            float[] px = new float[channels * h * w];
            // grey pixels as stored (getRGB would convert linear grey to sRGB)
            float greyMax = (1 << img.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    if (colour) {
                        px[y * w + x] = ((rgb >> 16) & 255) / 255f;
                        px[h * w + y * w + x] = ((rgb >> 8) & 255) / 255f;
                        px[2 * h * w + y * w + x] = (rgb & 255) / 255f;
                    } else {
                        px[y * w + x] = img.getRaster().getSample(x, y, 0) / greyMax;
                    }
                }
            }
            if (colour && target.channels() == 1) px = grey(px, h * w);
            Dataset one = new Dataset(files.get(i).getFileName().toString(), px.length / (h * w), h, w, 1, px, new int[1], List.of("-"));
            float[] fed = ImageFeed.adapt(one, target, "bilinear").images();
            int plane = target.height() * target.width();
            for (int c = 0; c < target.channels(); c++) {
                float m = mean[mean.length == 1 ? 0 : c], s = std[std.length == 1 ? 0 : c];
                for (int p = 0; p < plane; p++) out[i * target.size() + c * plane + p] = (fed[c * plane + p] - m) / s;
            }
        }
        return out;
    }

    private static float[] grey(float[] rgb, int plane) {
        float[] g = new float[plane];
        for (int p = 0; p < plane; p++) g[p] = (rgb[p] + rgb[plane + p] + rgb[2 * plane + p]) / 3f;
        return g;
    }
}
