package org.dlas.fpga;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.dlas.fpga.sim.SimStats;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The energy model's numbers, from a user-editable properties file (the builtin one is
 * {@code org/dlas/fpga/fpga-power.properties}; its comments explain every key).
 *
 * @param source            where the numbers came from
 * @param staticW           programmable-logic static power (W), over the accelerator's time
 * @param macDynamicW       dynamic power of one active MAC unit at the reference clock (W)
 * @param referenceClockMhz clock at which {@code macDynamicW} holds
 * @param bramAccessPj      energy of one 32-bit buffer word access (pJ)
 * @param dmaBytePj         energy per DMA byte, DDR included (pJ)
 * @param hostActiveW       host CPU power while computing (W)
 * @param hostIdleW         host CPU power while waiting for the accelerator (W)
 */
public record PowerTable(String source, double staticW, double macDynamicW, double referenceClockMhz,
                         double bramAccessPj, double dmaBytePj, double hostActiveW, double hostIdleW) {
    public static final String BUILTIN = "builtin";
    static final String RESOURCE = "org/dlas/fpga/fpga-power.properties";
    static final List<String> KEYS = List.of("static_w", "mac_dynamic_w", "reference_clock_mhz", "bram_access_pj",
            "dma_byte_pj", "host_active_w", "host_idle_w");

    /** Energy of one run (or per image), in microjoules. */
    public record Energy(double plStaticUj, double macUj, double bramUj, double dmaUj, double hostUj) {
        public double acceleratorUj() { return plStaticUj + macUj + bramUj + dmaUj; }
        public double totalUj() { return acceleratorUj() + hostUj; }
    }

    /** {@code builtin} or a path to a properties file. */
    public static PowerTable load(String spec) {
        if (spec == null || spec.isBlank() || BUILTIN.equals(spec)) return builtin();
        Path p = Path.of(spec);
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            Properties props = new Properties();
            props.load(r);
            return parse(props, p.toString());
        } catch (IOException e) {
            throw new InvalidInputException(ErrorKind.MISSING, "cannot read power table " + p + ": " + e.getMessage(), e);
        }
    }

    public static PowerTable builtin() {
        try (InputStream in = PowerTable.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            Properties props = new Properties();
            props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return parse(props, BUILTIN);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    static PowerTable parse(Properties props, String source) {
        Set<String> unknown = new TreeSet<>(props.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "power table " + source + ": unknown keys " + unknown + "; accepted: " + KEYS);
        double[] v = new double[KEYS.size()];
        for (int i = 0; i < v.length; i++) {
            String key = KEYS.get(i), raw = props.getProperty(key);
            if (raw == null) throw new InvalidInputException(ErrorKind.MISSING, "power table " + source + ": missing key " + key).at(key);
            try {
                v[i] = Double.parseDouble(raw.strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(ErrorKind.BAD_FORMAT, "power table " + source + ": " + key + " must be a number, got '" + raw.strip() + "'").at(key);
            }
            if (!(v[i] >= 0) || Double.isInfinite(v[i])) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "power table " + source + ": " + key + " must be >= 0, got " + raw.strip()).at(key);
        }
        if (v[2] <= 0) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "power table " + source + ": reference_clock_mhz must be > 0").at("reference_clock_mhz");
        return new PowerTable(source, v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }

    /**
     * Energy of simulated work plus host work: PL static power over the accelerator's time, MAC,
     * buffer and DMA events, and the host CPU (active during {@code hostMs}, idle during
     * {@code accelMs}).
     */
    public Energy energy(SimStats s, double accelMs, double hostMs) {
        double plStatic = staticW * accelMs * 1e3;                     // W x ms = mJ -> uJ
        double mac = s.macs() * macDynamicW / referenceClockMhz;       // J/MAC = W / (MHz*1e6); x1e6 -> uJ
        double bram = s.bramAccesses() * bramAccessPj * 1e-6;         // pJ -> uJ
        double dma = s.bytesMoved() * dmaBytePj * 1e-6;
        double host = (hostActiveW * hostMs + hostIdleW * accelMs) * 1e3;
        return new Energy(plStatic, mac, bram, dma, host);
    }

    /** Energy of the CPU-only baseline: the host CPU active for {@code cpuMs}. */
    public double cpuOnlyUj(double cpuMs) { return hostActiveW * cpuMs * 1e3; }
}
