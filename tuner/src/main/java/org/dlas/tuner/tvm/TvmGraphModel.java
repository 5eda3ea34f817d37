package org.dlas.tuner.tvm;

import java.io.IOException;
import java.nio.file.Files;

import org.apache.tvm.Device;
import org.apache.tvm.Module;
import org.apache.tvm.NDArray;
import org.apache.tvm.TVMType;
import org.apache.tvm.contrib.GraphExecutor;
import org.apache.tvm.contrib.GraphModule;
import org.dlas.ir.Shape;
import org.dlas.tvm.TvmInstallation;

/**
 * A TVM-built model loaded in this JVM through tvm4j: the library ({@code Module.load}), TVM's
 * graph executor, and the parameters. It runs batches of the size it was built for; a smaller
 * last batch is padded with zeros and the padding's outputs dropped.
 */
public final class TvmGraphModel implements LoadedTvmModel {
    private final Module library;
    private final GraphModule executor;
    private final NDArray input;
    private final NDArray output;
    private final int batch;
    private final int perImage;
    private final int classes;

    public TvmGraphModel(CompiledLibrary built, Device device, int batch, Shape inputShape, int classes) throws IOException {
        TvmInstallation.get().initTvm4j();
        this.batch = batch;
        this.perImage = inputShape.size();
        this.classes = classes;
        this.library = Module.load(built.library().toString());
        this.executor = GraphExecutor.create(Files.readString(built.graphJson()), library, device);
        executor.loadParams(Files.readAllBytes(built.params()));
        TVMType f32 = new TVMType("float32");
        this.input = NDArray.empty(new long[] {batch, inputShape.channels(), inputShape.height(), inputShape.width()}, f32, device);
        this.output = NDArray.empty(new long[] {batch, classes}, f32, device);
    }

    @Override public int batch() { return batch; }

    @Override public int valuesPerImage() { return perImage; }

    @Override public int classes() { return classes; }

    @Override public float[] runBatch(float[] chunk) {
        input.copyFrom(chunk);
        executor.setInput("input", input);
        executor.run();
        executor.getOutput(0, output);
        return output.asFloatArray();
    }

    /** Runs {@code n} images (NCHW floats) and returns n x classes outputs. */
    @Override public float[] infer(float[] images, int n) { return LoadedTvmModel.super.infer(images, n); }

    @Override public void close() {
        input.release();
        output.release();
        executor.release();
        library.release();
    }
}
