package org.dlas.accel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accumulates the statistics of every layer run of one prepared model (thread-safe) and reports
 * them per inference image: each layer's totals are divided by the images that layer ran, and the
 * model's figures are the sums over its layers. An image therefore counts once however it was
 * batched, and figures stay per image as warm-up and timed runs add to them.
 */
public final class SimStats {

    /** Totals of one layer over all its runs. */
    public static final class LayerTotals {
        private final int index;
        private final String name;
        private String shape = "";
        private String mapping = "";
        private long images, cycles, computeCycles, busy, steadyCycles, steadyBusy, macs, onchip, offchip, analytical;
        private double energyPj;
        private double maxError;
        private int multipliers;
        private Precision precision = Precision.FP32;

        LayerTotals(int index, String name) {
            this.index = index;
            this.name = name;
        }

        public int index() { return index; }
        public String name() { return name; }
        public String shape() { return shape; }
        public String mapping() { return mapping; }
        public long images() { return images; }
        public Precision precision() { return precision; }
        public double cyclesPerImage() { return per(cycles); }
        public double computeCyclesPerImage() { return per(computeCycles); }
        public double busyPerImage() { return per(busy); }
        public double macsPerImage() { return per(macs); }
        public double onchipBytesPerImage() { return per(onchip); }
        public double offchipBytesPerImage() { return per(offchip); }
        public double energyPjPerImage() { return images == 0 ? 0 : energyPj / images; }
        public double analyticalCyclesPerImage() { return per(analytical); }
        /** |analytical - cycles| / cycles over all runs of the layer. */
        public double analyticalError() { return cycles == 0 ? 0 : Math.abs((double) analytical - cycles) / cycles; }
        /** The largest error of a single run. */
        public double maxRunError() { return maxError; }
        public double utilisation() { return cycles == 0 ? 0 : (double) busy / ((double) multipliers * cycles); }
        public double steadyUtilisation() { return steadyCycles == 0 ? 0 : (double) steadyBusy / ((double) multipliers * steadyCycles); }
        public long totalCycles() { return cycles; }

        private double per(long v) { return images == 0 ? 0 : (double) v / images; }
    }

    private final Map<Integer, LayerTotals> layers = new TreeMap<>();

    /** Adds one run of layer {@code index} (named {@code name}). */
    public synchronized void add(int index, String name, LayerStats s) {
        LayerTotals t = layers.computeIfAbsent(index, i -> new LayerTotals(i, name));
        t.shape = s.shape().toString().replaceAll(" n\\d+$", "");
        t.mapping = s.mapping();
        t.precision = s.precision();
        t.multipliers = s.multipliers();
        t.images += s.shape().n();
        t.cycles += s.cycles();
        t.computeCycles += s.computeCycles();
        t.busy += s.busy();
        t.steadyCycles += s.steadyCycles();
        t.steadyBusy += s.steadyBusy();
        t.macs += s.macs();
        t.onchip += s.onchipBytes();
        t.offchip += s.offchipBytes();
        t.energyPj += s.energyPj();
        t.analytical += s.analytical().cycles();
        t.maxError = Math.max(t.maxError, s.analyticalError());
    }

    public synchronized List<LayerTotals> layers() { return new ArrayList<>(layers.values()); }

    /** Images simulated (by the first layer). */
    public synchronized long images() { return layers.isEmpty() ? 0 : layers.values().iterator().next().images; }

    public synchronized double cyclesPerImage() { return layers.values().stream().mapToDouble(LayerTotals::cyclesPerImage).sum(); }

    public synchronized void reset() { layers.clear(); }

    /**
     * The model's figures per inference image under their metric names: {@code cycles},
     * {@code energy_uj}, and {@code sim.*} (see the module README), then per layer
     * {@code sim.layer.<node>.cycles}, {@code .analytical_error} and {@code .utilisation}.
     */
    public synchronized Map<String, Double> metrics(int multipliers, double clockMhz, double areaMm2) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (layers.isEmpty()) return m;
        double cycles = 0, compute = 0, busy = 0, steady = 0, steadyBusy = 0, onchip = 0, offchip = 0, energy = 0, analytical = 0, macs = 0;
        double maxErr = 0;
        for (LayerTotals t : layers.values()) {
            cycles += t.cyclesPerImage();
            compute += t.computeCyclesPerImage();
            busy += t.busyPerImage();
            steady += t.images == 0 ? 0 : (double) t.steadyCycles / t.images;
            steadyBusy += t.images == 0 ? 0 : (double) t.steadyBusy / t.images;
            onchip += t.onchipBytesPerImage();
            offchip += t.offchipBytesPerImage();
            energy += t.energyPjPerImage();
            analytical += t.analyticalCyclesPerImage();
            macs += t.macsPerImage();
            maxErr = Math.max(maxErr, t.analyticalError());
        }
        m.put("cycles", cycles);
        m.put("energy_uj", energy / 1e6);
        m.put("sim.time_ms", cycles / (clockMhz * 1e3));
        m.put("sim.utilisation", cycles == 0 ? 0 : busy / (multipliers * cycles));
        m.put("sim.steady_utilisation", steady == 0 ? 0 : steadyBusy / (multipliers * steady));
        m.put("sim.onchip_bytes", onchip);
        m.put("sim.offchip_bytes", offchip);
        m.put("sim.area_mm2", areaMm2);
        m.put("sim.analytical_cycles", analytical);
        m.put("sim.analytical_error", cycles == 0 ? 0 : Math.abs(analytical - cycles) / cycles);
        m.put("sim.analytical_error_max_layer", maxErr);
        m.put("sim.stall_cycles", cycles - compute);
        m.put("sim.macs", macs);
        m.put("sim.busy_macs", busy);
        m.put("sim.multipliers", (double) multipliers);
        m.put("sim.clock_mhz", clockMhz);
        m.put("sim.layers", (double) layers.size());
        m.put("sim.images", (double) images());
        for (LayerTotals t : layers.values()) {
            m.put("sim.layer." + t.name + ".cycles", t.cyclesPerImage());
            m.put("sim.layer." + t.name + ".analytical_error", t.analyticalError());
            m.put("sim.layer." + t.name + ".utilisation", t.utilisation());
        }
        return m;
    }

    /** One line per layer: cycles per image, analytical error, utilisation and mapping. */
    public synchronized String perLayerSummary() {
        StringBuilder sb = new StringBuilder("per image by layer (cycles; analytical error; utilisation; mapping): ");
        boolean first = true;
        for (LayerTotals t : layers.values()) {
            if (!first) sb.append("; ");
            first = false;
            sb.append(t.name).append(' ').append(Math.round(t.cyclesPerImage()))
                    .append(String.format(Locale.ROOT, " %.1f%% %.0f%%", 100 * t.analyticalError(), 100 * t.utilisation()))
                    .append(" [").append(t.mapping).append(']');
        }
        return sb.toString();
    }

    /** Whether any layer ran on the int8 datapath. */
    public synchronized Precision precision() {
        for (LayerTotals t : layers.values()) if (t.precision == Precision.INT8) return Precision.INT8;
        return Precision.FP32;
    }
}
