package org.dlas.fpga;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.dlas.fpga.GemmDriver.Store;
import org.dlas.fpga.sim.SimConfig;
import org.dlas.fpga.sim.SimResult;
import org.dlas.fpga.sim.Simulator;
import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.PreparedConv;
import org.dlas.kernels.PreparedConvInt8;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * An FPGA design as a convolution primitive: {@link #prepareInt8} returns a layer whose every
 * call lowers each image (im2col, per group), tiles the GEMMs onto the design's buffers
 * ({@link TilePlan}, {@link GemmDriver}) and runs one simulation job per image on the
 * {@link Simulator}; the int32 results equal the reference kernels' exactly. Images of a batch run
 * as separate jobs (as a batch-1 delegate would invoke the accelerator), in parallel up to the
 * simulator's parallelism, so the cycle counts do not depend on the batch size.
 *
 * <p>fp32 layers are not supported: the designs compute int8 only ({@link #prepare} throws).
 */
public record FpgaConvPrimitive(DesignConfig design, Simulator simulator, SimAccumulator accumulator) implements ConvPrimitive {

    @Override public String name() { return "fpga-" + design.design().id(); }

    @Override public Optional<String> notApplicable(ConvSpec spec) { return Optional.empty(); }

    @Override public PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias) {
        throw new UnsupportedOperationException("the fpga designs compute int8 only: quantise the model (compression: {name: int8})");
    }

    @Override public PreparedConvInt8 prepareInt8(ConvSpec spec, byte[] weights, int[] bias) {
        if (weights.length != spec.weightCount()) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "expected " + spec.weightCount() + " weights for " + spec + ", got " + weights.length);
        }
        if (bias != null && bias.length != spec.outChannels()) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "expected " + spec.outChannels() + " biases, got " + bias.length);
        }
        return new Layer(spec, weights.clone(), bias == null ? null : bias.clone());
    }

    /** One image's job: the program and how to unpack its results. */
    private record Job(byte[] program, SimConfig config, List<Store> stores) { }

    private record Pending(int image, Job job, CompletableFuture<SimResult> result) { }

    final class Layer implements PreparedConvInt8 {
        private final ConvSpec spec;
        private final byte[] weights;
        private final int[] bias;

        Layer(ConvSpec spec, byte[] weights, int[] bias) {
            this.spec = spec;
            this.weights = weights;
            this.bias = bias;
        }

        @Override public int[] run(byte[] input, int n, int h, int w, int zp) {
            long t0 = System.nanoTime();
            int oh = spec.outH(h), ow = spec.outW(w), plane = oh * ow;
            int k = spec.outChannels(), c = spec.inChannels();
            if (oh < 1 || ow < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "input " + h + "x" + w + " too small for " + spec);
            if (input.length != n * c * h * w) {
                throw new InvalidInputException(ErrorKind.CONFLICT, "expected " + n + " x " + c + "x" + h + "x" + w + " inputs, got " + input.length);
            }
            int[] out = new int[n * k * plane];
            long driver = 0;
            int window = Math.max(2, 2 * simulator.parallelism());
            Deque<Pending> pending = new ArrayDeque<>();
            try {
                for (int img = 0; img < n; img++) {
                    long d0 = System.nanoTime();
                    Job job = program(input, img, h, w, oh, ow, zp);
                    driver += System.nanoTime() - d0;
                    pending.add(new Pending(img, job, simulator.submit(job.config(), job.program())));
                    while (pending.size() >= window || (img == n - 1 && !pending.isEmpty())) {
                        Pending done = pending.peek();
                        SimResult r = Simulator.await(done.result());
                        pending.poll();
                        accumulator.addJob(r.stats());
                        long u0 = System.nanoTime();
                        unpack(r.results(), done.job().stores(), out, done.image(), plane);
                        driver += System.nanoTime() - u0;
                    }
                }
            } finally {
                for (Pending f : pending) f.result().cancel(true);
                accumulator.addLayer(System.nanoTime() - t0, driver);
            }
            return out;
        }

        /** Lowers one image (all groups) and writes its program. */
        private Job program(byte[] input, int img, int h, int w, int oh, int ow, int zp) {
            SimConfig cfg = design.sim(1);
            int groups = spec.groups(), cg = spec.inPerGroup(), kg = spec.outPerGroup();
            int kd = cg * spec.kernelH() * spec.kernelW(), plane = oh * ow;
            TilePlan plan = TilePlan.of(cfg, kg, plane, kd);
            ProgramWriter p = new ProgramWriter(groups * (kd * plane + kg * kd) + 256);
            List<Store> stores = new ArrayList<>();
            GemmDriver.Counts counts = new GemmDriver.Counts();
            byte[] col = new byte[kd * plane];
            for (int g = 0; g < groups; g++) {
                im2col(input, img, g, h, w, oh, ow, zp, col);
                List<Store> groupStores = new ArrayList<>();
                GemmDriver.emit(p, cfg, plan, weights, g * kg * kd, col, bias, g * kg, zp, groupStores, counts);
                for (Store s : groupStores) stores.add(new Store(g * kg + s.m0(), s.rows(), s.n0(), s.cols()));
            }
            p.end();
            byte[] bytes = p.toByteArray();
            long values = (long) spec.outChannels() * plane;
            return new Job(bytes, cfg.withMaxCycles(GemmDriver.maxCycles(cfg, bytes.length, values, counts)), stores);
        }

        /** Group g of image img as a [kd][oh*ow] int8 matrix; padding is the zero point (x - zp = 0). */
        private void im2col(byte[] in, int img, int g, int h, int w, int oh, int ow, int zp, byte[] col) {
            int cg = spec.inPerGroup(), R = spec.kernelH(), S = spec.kernelW();
            int sh = spec.strideH(), sw = spec.strideW(), ph = spec.padH(), pw = spec.padW();
            int plane = oh * ow;
            byte pad = (byte) zp;
            int row = 0;
            for (int ci = 0; ci < cg; ci++) {
                int chan = (img * spec.inChannels() + g * cg + ci) * h * w;
                for (int r = 0; r < R; r++) {
                    for (int s = 0; s < S; s++, row++) {
                        int d = row * plane;
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * sh - ph + r;
                            if (iy < 0 || iy >= h) {
                                java.util.Arrays.fill(col, d, d + ow, pad);
                                d += ow;
                                continue;
                            }
                            int base = chan + iy * w;
                            for (int ox = 0; ox < ow; ox++) {
                                int ix = ox * sw - pw + s;
                                col[d++] = ix < 0 || ix >= w ? pad : in[base + ix];
                            }
                        }
                    }
                }
            }
        }

        private void unpack(int[] results, List<Store> stores, int[] out, int img, int plane) {
            int k = spec.outChannels(), pos = 0;
            int expected = k * plane;
            if (results.length != expected) {
                throw new IllegalStateException("design returned " + results.length + " values, expected " + expected);
            }
            for (Store s : stores) {
                for (int i = 0; i < s.rows(); i++) {
                    int o = (img * k + s.m0() + i) * plane + s.n0();
                    System.arraycopy(results, pos, out, o, s.cols());
                    pos += s.cols();
                }
            }
        }
    }
}
