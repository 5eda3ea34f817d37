package org.dlas.sweep;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import org.dlas.compression.CalibrationData;
import org.dlas.compression.Compressions;
import org.dlas.data.Dataset;
import org.dlas.data.DatasetSplits;
import org.dlas.data.Datasets;
import org.dlas.data.SyntheticInputs;
import org.dlas.ir.Graph;
import org.dlas.kernels.Primitives;
import org.dlas.runtime.CompiledModel;
import org.dlas.spec.Choice;
import org.dlas.settings.DlasSettings;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * What points of a sweep share and should not rebuild: data sets, trained models, compressed
 * models and the reference outputs every point is compared against. Thread-safe; bounded ({@link Memo}).
 */
public final class Workbench {
    /** The reference a point's labels are compared with: fp32, jvm target, direct primitive. */
    public static final String REFERENCE = "fp32 model on the jvm target with the direct primitive";
    private static final int CHUNK = 100;

    /**
     * Values kept by default: a sweep visits its points grouped by model and compression, so a few dozen recent
     * models, compressed models and references cover its reuse while memory stays bounded on sweeps of any size.
     */
    public static final int DEFAULT_CAPACITY = 48;

    private final Memo cache;
    private final Function<String, Path> onnxFiles;

    public Workbench() { this(Path::of); }

    /** A workbench keeping at most {@code capacity} values (least recently used evicted first). */
    public Workbench(int capacity) { this(capacity, Path::of); }

    /** {@code onnxFiles}: where the file behind an ONNX model's {@code path} is (see {@link ModelSource#load(Choice, String, Function)}). */
    public Workbench(Function<String, Path> onnxFiles) {
        this(DlasSettings.read().workbenchEntries().orElse(DEFAULT_CAPACITY), onnxFiles);
    }

    private Workbench(int capacity, Function<String, Path> onnxFiles) {
        this.cache = new Memo(capacity);
        this.onnxFiles = onnxFiles;
    }

    private <T> T memo(String key, Function<String, T> make) {
        return cache.get(key, make);
    }

    public DatasetSplits data(String dataset) {
        return memo("data:" + dataset, k -> Datasets.load(dataset));
    }

    /** The data set's splits as {@code model} takes its input (see {@link ModelSource#feed}); training split only where it fits. */
    public DatasetSplits fed(String dataset, Choice model) {
        return memo("fed:" + dataset + ":" + model.label(), k -> {
            DatasetSplits d = data(dataset);
            org.dlas.ir.Shape in = model(dataset, model).inputShape();
            Path folder = ModelSource.imageFolder(model);
            if (folder != null) { // the user's own labelled images, raw [0, 1] then the model's mean/std (default none)
                float[][] norm = ModelSource.normalisation(model);
                Dataset own;
                try {
                    own = org.dlas.data.LabelledImageFolder.load(folder, in, norm == null ? new float[] {0f} : norm[0], norm == null ? new float[] {1f} : norm[1]);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return new DatasetSplits(null, own, own, folder.toAbsolutePath().toString(), "the user's own images");
            }
            if (ModelSource.synthetic(model)) { // as many as the data set's splits hold, at most 1000 (they are kept in memory)
                int classes = model(dataset, model).outputShape().size();
                return new DatasetSplits(null, SyntheticInputs.of(in, classes, Math.min(1000, d.calibration().size()), 2, "inputs: synthetic"),
                        SyntheticInputs.of(in, classes, Math.min(1000, d.test().size()), 1, "inputs: synthetic"), d.source(), d.licence());
            }
            float[][] norm = ModelSource.normalisation(model);
            java.util.function.UnaryOperator<Dataset> feed = split -> {
                Dataset fed = org.dlas.data.ImageFeed.adapt(split, in, ModelSource.feed(model));
                return norm == null ? fed : org.dlas.data.ImageFeed.renormalise(fed, Datasets.mean(dataset), Datasets.std(dataset), norm[0], norm[1]);
            };
            Dataset test = feed.apply(d.test());
            if (test == d.test()) return d;
            return new DatasetSplits(null, feed.apply(d.calibration()), test, d.source(), d.licence());
        });
    }

    public Dataset testImages(String dataset, Choice model, int count) {
        Dataset test = fed(dataset, model).test();
        if (count > test.size()) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "measure.test_images=" + count + " but " + dataset + " has " + test.size() + " test images");
        }
        return test.take(count);
    }

    public Graph model(String dataset, Choice model) {
        return memo("model:" + dataset + ":" + model.label(), k -> {
            try {
                return ModelSource.load(model, dataset, onnxFiles);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot load model " + model.label() + ": " + e.getMessage(), e);
            }
        });
    }

    public Graph compressed(String dataset, Choice model, Choice compression, int calibrationImages) {
        return memo("compressed:" + dataset + ":" + model.label() + ":" + compression.label() + ":" + calibrationImages, k -> {
            Dataset calib = fed(dataset, model).calibration();
            int n = Math.min(calibrationImages, calib.size());
            CalibrationData cd = new CalibrationData(calib.take(n).images(), n);
            // the training split only for compressions that fine-tune after pruning (finetune_images > 0): it is read on first use
            Dataset train = org.dlas.compression.FineTuning.asked(compression) ? fed(dataset, model).train() : null;
            return Compressions.apply(model(dataset, model), compression, cd, train);
        });
    }

    /** Outputs of the reference (fp32, direct, jvm) for the first {@code count} test images. */
    public Outputs reference(String dataset, Choice model, int count) {
        return memo("reference:" + dataset + ":" + model.label() + ":" + count, k -> {
            CompiledModel ref = CompiledModel.compile(model(dataset, model), Primitives.create("direct", Map.of()), Primitives.create("direct", Map.of()));
            try {
                return Runner.run((images, n) -> ref.forward(images, n), testImages(dataset, model, count));
            } catch (Exception e) {
                throw new IllegalStateException("reference run failed: " + e.getMessage(), e);
            }
        });
    }

    /** Runs a data set through an inference function in chunks. */
    public static final class Runner {
        @FunctionalInterface
        public interface Inference { float[] infer(float[] images, int n) throws Exception; }

        private Runner() { }

        public static Outputs run(Inference f, Dataset data) throws Exception {
            int per = data.channels() * data.height() * data.width();
            float[] logits = null;
            int classes = 0;
            for (int from = 0; from < data.size(); from += CHUNK) {
                int n = Math.min(CHUNK, data.size() - from);
                float[] chunk = new float[n * per];
                System.arraycopy(data.images(), from * per, chunk, 0, n * per);
                float[] out = f.infer(chunk, n);
                if (logits == null) {
                    classes = out.length / n;
                    logits = new float[data.size() * classes];
                }
                System.arraycopy(out, 0, logits, from * classes, out.length);
            }
            return new Outputs(logits, data.size(), classes);
        }
    }
}
