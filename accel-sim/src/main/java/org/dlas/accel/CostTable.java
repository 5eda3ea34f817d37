package org.dlas.accel;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Energy per action (pJ) and area per component (mm^2), Accelergy-style: the simulators count
 * actions ({@link Actions}) and components, this table prices them. The defaults are the resource
 * {@code org/dlas/accel/costs.properties}; {@link #load(String)} overlays a user file with the same
 * keys (a key the file leaves out keeps its default; an unknown key is an error, so a typo is not
 * silently ignored).
 */
public final class CostTable {
    private static final String RESOURCE = "/org/dlas/accel/costs.properties";
    private static volatile CostTable defaults;

    private final Map<String, Double> values;
    private final String source;

    private CostTable(Map<String, Double> values, String source) {
        this.values = Map.copyOf(values);
        this.source = source;
    }

    public static CostTable defaults() {
        if (defaults == null) {
            synchronized (CostTable.class) {
                if (defaults == null) {
                    try (InputStream in = CostTable.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
                        Properties p = new Properties();
                        p.load(in);
                        defaults = new CostTable(parse(p, RESOURCE), "built-in table (" + RESOURCE + ")");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return defaults;
    }

    /** The defaults, overlaid with the properties file at {@code path} when it is non-blank. */
    public static CostTable load(String path) {
        if (path == null || path.isBlank()) return defaults();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(path))) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cost table " + path, e);
        }
        Map<String, Double> merged = new TreeMap<>(defaults().values);
        for (Map.Entry<String, Double> e : parse(p, path).entrySet()) {
            if (!merged.containsKey(e.getKey())) {
                throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "cost table " + path + ": unknown key '" + e.getKey() + "'; accepted: " + merged.keySet()).at(e.getKey());
            }
            merged.put(e.getKey(), e.getValue());
        }
        return new CostTable(merged, path);
    }

    private static Map<String, Double> parse(Properties p, String where) {
        Map<String, Double> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            String v = p.getProperty(k).trim();
            try {
                double d = Double.parseDouble(v);
                if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) throw new NumberFormatException();
                m.put(k.trim(), d);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "cost table " + where + ": '" + k + "' must be a number >= 0, got '" + v + "'").at(k.trim());
            }
        }
        return m;
    }

    public double get(String key) {
        Double v = values.get(key);
        if (v == null) throw new InvalidInputException(ErrorKind.MISSING, "no cost '" + key + "' in " + source).at(key);
        return v;
    }

    public String source() { return source; }

    public Map<String, Double> values() { return values; }

    /** Energy in pJ of the counted actions on a {@code precision} datapath. */
    public double energyPj(Actions a, Precision precision) {
        String p = precision.key();
        return a.multiplies() * get("energy.mult." + p)
                + a.adds() * get("energy.add." + p)
                + a.bufferReadBytes() * get("energy.buffer_read.byte")
                + a.bufferWriteBytes() * get("energy.buffer_write.byte")
                + a.dramBytes() * get("energy.dram.byte")
                + a.networkHopBytes() * get("energy.network_hop.byte")
                + a.registerHopBytes() * get("energy.register_hop.byte");
    }

    /**
     * Area in mm^2 of a design with the given component counts on a {@code precision} datapath.
     *
     * @param multipliers   multipliers
     * @param adders        adders (PE accumulators, reduction-tree nodes)
     * @param registerBytes bytes of operand/pipeline registers
     * @param switches      network switches (tree nodes, Benes 2x2 switches), each as wide as one operand
     * @param sramKb        on-chip SRAM in KiB
     */
    public double areaMm2(Precision precision, long multipliers, long adders, long registerBytes, long switches, double sramKb) {
        String p = precision.key();
        return multipliers * get("area.mult." + p) + adders * get("area.add." + p)
                + registerBytes * get("area.register.byte")
                + switches * precision.operandBytes() * get("area.switch.byte")
                + sramKb * get("area.sram.kb");
    }
}
