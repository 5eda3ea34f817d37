package org.dlas.fpga;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dlas.fpga.sim.SimStats;
import org.dlas.fpga.sim.Simulator;
import org.dlas.runtime.CompiledModel;
import org.dlas.target.PreparedModel;

/**
 * An int8 model on a simulated design. Each {@link #infer} runs the model with its conv/dense
 * layers on the SystemC design (host JVM for the rest), then the same model CPU-only on the host
 * for the speedup baseline. {@link #extraMetrics()} reports per inference image, over every image
 * inferred so far:
 * <ul>
 *   <li>{@code cycles}: simulated accelerator cycles (DMA in/out and compute, start to done, summed over the layers);</li>
 *   <li>{@code sim.time_ms} = {@code sim.accel_ms}: those cycles at {@code clock_mhz};</li>
 *   <li>{@code sim.bytes_moved}: DMA bytes in (instructions, weights, inputs, biases) and out (results);</li>
 *   <li>{@code sim.host_ms}: wall time of the non-conv operators (pooling, ReLU, softmax, the
 *       quantise/dequantise around each layer) measured on this host JVM;</li>
 *   <li>{@code sim.driver_ms}: wall time of the driver's work on this host (im2col, packing tiles, unpacking);</li>
 *   <li>{@code sim.est_ms} = host + driver + accel: the modelled time of one image;</li>
 *   <li>{@code sim.cpu_only_ms}: wall time of the same int8 model with the chosen primitive on this host JVM;</li>
 *   <li>{@code sim.speedup_vs_cpu} = cpu_only / est;</li>
 *   <li>{@code energy_uj} (accelerator + host, from the power table), its parts, {@code energy.cpu_only_uj}
 *       and {@code sim.energy_ratio_vs_cpu} = cpu_only energy / energy;</li>
 *   <li>utilisation, tile counts and the PYNQ-Z1 resource estimate.</li>
 * </ul>
 *
 * @param owned a simulator this model alone uses (a board taken from a tracker), closed with it; or null
 */
record FpgaPreparedModel(DesignConfig design, PowerTable power, CompiledModel accelerated, CompiledModel cpuOnly,
                         String baseline, SimAccumulator acc, Simulator simulator, Simulator owned) implements PreparedModel {
    @Override public synchronized float[] infer(float[] input, int n) {
        long layers0 = acc.snapshot().layerNanos();
        long t0 = System.nanoTime();
        float[] out = accelerated.forward(input, n);
        long total = System.nanoTime() - t0;
        long layers = acc.snapshot().layerNanos() - layers0;
        long c0 = System.nanoTime();
        cpuOnly.forward(input, n);
        acc.addImages(n, Math.max(0, total - layers), System.nanoTime() - c0);
        return out;
    }

    @Override public synchronized Map<String, Double> extraMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        SimAccumulator.Snapshot s = acc.snapshot();
        if (s.images() == 0) return m;
        SimStats st = s.stats();
        double per = 1.0 / s.images();
        double cycles = st.cycles() * per;
        double accelMs = cycles / (design.clockMhz() * 1e3);
        double hostMs = s.hostNanos() / 1e6 * per;
        double driverMs = s.driverNanos() / 1e6 * per;
        double estMs = hostMs + driverMs + accelMs;
        double cpuMs = s.cpuOnlyNanos() / 1e6 * per;
        SimStats perImage = scale(st, per);
        PowerTable.Energy e = power.energy(perImage, accelMs, hostMs + driverMs);
        double cpuUj = power.cpuOnlyUj(cpuMs);
        m.put("cycles", cycles);
        m.put("sim.time_ms", accelMs);
        m.put("sim.accel_ms", accelMs);
        m.put("sim.host_ms", hostMs);
        m.put("sim.driver_ms", driverMs);
        m.put("sim.est_ms", estMs);
        m.put("sim.cpu_only_ms", cpuMs);
        m.put("sim.speedup_vs_cpu", cpuMs / estMs);
        m.put("sim.bytes_moved", st.bytesMoved() * per);
        m.put("sim.dma_cycles", st.dmaCycles() * per);
        m.put("sim.compute_cycles", st.computeCycles() * per);
        m.put("sim.macs", st.macs() * per);
        m.put("sim.mac_utilisation", st.cycles() == 0 ? 0 : st.macs() / ((double) st.cycles() * design.macUnits()));
        m.put("sim.tiles", st.computes() * per);
        m.put("sim.jobs", s.jobs() * per);
        m.put("energy_uj", e.totalUj());
        m.put("energy.accel_uj", e.acceleratorUj());
        m.put("energy.host_uj", e.hostUj());
        m.put("energy.cpu_only_uj", cpuUj);
        m.put("sim.energy_ratio_vs_cpu", cpuUj / e.totalUj());
        m.put("resource.dsp", (double) design.dspEstimate());
        m.put("resource.bram36", (double) design.bram36Estimate());
        m.put("resource.fits_pynq_z1", design.fitsPynqZ1() ? 1.0 : 0.0);
        return m;
    }

    private static SimStats scale(SimStats s, double f) {
        long[] v = s.toArray();
        for (int i = 0; i < v.length; i++) v[i] = Math.round(v[i] * f);
        return SimStats.of(v);
    }

    @Override public String howMeasured() {
        return "wall clock of the SystemC simulation of " + design.design().id() + " plus host operators on this machine"
                + " (not the accelerator's speed); the modelled time per image is sim.est_ms = simulated cycles at "
                + DesignConfig.fmt(design.clockMhz()) + " MHz + host operators and driver measured on this JVM";
    }

    @Override public String notes() {
        String fit = design.fitsPynqZ1() ? "" : "; exceeds a PYNQ-Z1 (Zynq-7020: " + DesignConfig.PYNQ_Z1_DSP + " DSP48E1, "
                + DesignConfig.PYNQ_Z1_BRAM36 + " BRAM36) with " + design.dspEstimate() + " DSP / " + design.bram36Estimate()
                + " BRAM36 estimated; simulated anyway";
        return "simulated " + design.label() + " on " + simulator.describe() + "; conv/dense layers on the design, other operators on the host JVM;"
                + " CPU-only baseline = the same int8 model with the " + baseline + " primitive on this host's JVM"
                + " (not a PYNQ's ARM CPU); energy from power table " + power.source() + fit;
    }

    @Override public void close() {
        if (owned != null) owned.close();
    }
}
