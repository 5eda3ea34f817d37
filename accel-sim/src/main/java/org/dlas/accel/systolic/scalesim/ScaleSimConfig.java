package org.dlas.accel.systolic.scalesim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dlas.accel.systolic.Dataflow;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A systolic array with SCALE-Sim v2's parameters and defaults: {@code rows x cols} PEs, the
 * ifmap/filter/ofmap SRAMs in KiB (each double-buffered, half active), the operand address offsets,
 * the dataflow, and the DRAM interface. With {@code userBandwidth} the given bandwidths (words per
 * cycle) feed the ifmap and filter SRAMs and drain the ofmap SRAM and reads can stall; otherwise
 * (SCALE-Sim's CALC mode) reads never stall and the bandwidth each buffer needed is reported, while
 * the ofmap SRAM drains at {@code cols} words per cycle. A word is {@code wordBytes} bytes (SCALE-Sim
 * fixes it at 1).
 */
public record ScaleSimConfig(String runName, int rows, int cols, int ifmapKb, int filterKb, int ofmapKb,
                             int ifmapOffset, int filterOffset, int ofmapOffset, Dataflow dataflow,
                             boolean userBandwidth, int ifmapBandwidth, int filterBandwidth, int ofmapBandwidth,
                             int wordBytes) {

    public ScaleSimConfig {
        if (rows < 1 || cols < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "ArrayHeight and ArrayWidth must be >= 1, got " + rows + "x" + cols);
        if (ifmapKb < 1 || filterKb < 1 || ofmapKb < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "SRAM sizes must be >= 1 kB");
        if (ifmapBandwidth < 1 || filterBandwidth < 1 || ofmapBandwidth < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "Bandwidth must be >= 1 word per cycle");
        if (wordBytes < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "WordSize must be >= 1 byte");
        if (dataflow == null) throw new InvalidInputException(ErrorKind.MISSING, "Dataflow is required: os, ws or is");
    }

    /** SCALE-Sim's defaults (scale_config.py): 4x4, ws, 256/256/128 kB, CALC, bandwidth 10. */
    public static ScaleSimConfig defaults() {
        return new ScaleSimConfig("scale_run", 4, 4, 256, 256, 128, 0, 10_000_000, 20_000_000, Dataflow.WS, false, 10, 10, 10, 1);
    }

    public ScaleSimConfig withArray(int r, int c, Dataflow d) {
        return new ScaleSimConfig(runName, r, c, ifmapKb, filterKb, ofmapKb, ifmapOffset, filterOffset, ofmapOffset, d,
                userBandwidth, ifmapBandwidth, filterBandwidth, ofmapBandwidth, wordBytes);
    }

    public ScaleSimConfig withSram(int ifKb, int filtKb, int ofKb) {
        return new ScaleSimConfig(runName, rows, cols, ifKb, filtKb, ofKb, ifmapOffset, filterOffset, ofmapOffset, dataflow,
                userBandwidth, ifmapBandwidth, filterBandwidth, ofmapBandwidth, wordBytes);
    }

    /** USER mode with one bandwidth for the three DRAM interfaces (as SCALE-Sim applies it). */
    public ScaleSimConfig withUserBandwidth(int wordsPerCycle) {
        return new ScaleSimConfig(runName, rows, cols, ifmapKb, filterKb, ofmapKb, ifmapOffset, filterOffset, ofmapOffset, dataflow,
                true, wordsPerCycle, wordsPerCycle, wordsPerCycle, wordBytes);
    }

    public ScaleSimConfig withWordBytes(int bytes) {
        return new ScaleSimConfig(runName, rows, cols, ifmapKb, filterKb, ofmapKb, ifmapOffset, filterOffset, ofmapOffset, dataflow,
                userBandwidth, ifmapBandwidth, filterBandwidth, ofmapBandwidth, bytes);
    }

    public ScaleSimConfig withCalcBandwidth() {
        return new ScaleSimConfig(runName, rows, cols, ifmapKb, filterKb, ofmapKb, ifmapOffset, filterOffset, ofmapOffset, dataflow,
                false, ifmapBandwidth, filterBandwidth, ofmapBandwidth, wordBytes);
    }

    /** This configuration as a SCALE-Sim cfg file. */
    public String toCfg() {
        return "[general]\nrun_name = " + runName + "\n\n[architecture_presets]\nArrayHeight:    " + rows + "\nArrayWidth:     " + cols
                + "\nIfmapSramSzkB:   " + ifmapKb + "\nFilterSramSzkB:  " + filterKb + "\nOfmapSramSzkB:   " + ofmapKb
                + "\nIfmapOffset:    " + ifmapOffset + "\nFilterOffset:   " + filterOffset + "\nOfmapOffset:    " + ofmapOffset
                + "\nBandwidth : " + ifmapBandwidth + "\nDataflow : " + dataflow.key() + "\nMemoryBanks:   1\n\n[run_presets]\nInterfaceBandwidth: "
                + (userBandwidth ? "USER" : "CALC") + "\n";
    }

    /** SRAM capacity in words. */
    public int words(int kb) { return kb * 1024 / wordBytes; }

    /**
     * Reads a SCALE-Sim cfg file ({@code [general] run_name}, {@code [architecture_presets]},
     * {@code [run_presets] InterfaceBandwidth}). Keys are case-insensitive and take {@code :} or
     * {@code =}; absent keys keep SCALE-Sim's defaults. {@code Bandwidth} may list several values:
     * like SCALE-Sim, the first one serves all three interfaces. {@code WordSize} (bytes) is a dlas
     * addition.
     */
    public static ScaleSimConfig read(Path file) throws IOException {
        Map<String, String> kv = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) continue;
            if (l.startsWith("[") && l.endsWith("]")) { section = l.substring(1, l.length() - 1).strip().toLowerCase(Locale.ROOT); continue; }
            int eq = firstSeparator(l);
            if (eq < 0) throw new InvalidInputException(ErrorKind.BAD_FORMAT, file + ":" + (i + 1) + ": expected 'key: value' or 'key = value', got '" + l + "'").at(file + ":" + (i + 1));
            String key = section + "." + l.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            kv.put(key, l.substring(eq + 1).strip());
            lineOf.put(key, i + 1);
        }
        Reader r = new Reader(file, kv, lineOf);
        ScaleSimConfig d = defaults();
        String mode = r.str("run_presets.interfacebandwidth", "CALC").toUpperCase(Locale.ROOT);
        if (!mode.equals("CALC") && !mode.equals("USER")) throw r.bad("run_presets.interfacebandwidth", "CALC or USER");
        boolean user = mode.equals("USER");
        int bw = d.ifmapBandwidth;
        String bws = kv.get("architecture_presets.bandwidth");
        if (bws != null) bw = r.positive("architecture_presets.bandwidth", bws.split(",")[0].strip());
        else if (user) throw r.bad("architecture_presets.bandwidth", "a bandwidth in words per cycle (required with InterfaceBandwidth: USER)");
        Dataflow df;
        try {
            df = Dataflow.parse(r.str("architecture_presets.dataflow", "ws"));
        } catch (IllegalArgumentException e) {
            throw r.bad("architecture_presets.dataflow", "os, ws or is");
        }
        return new ScaleSimConfig(r.str("general.run_name", d.runName),
                r.integer("architecture_presets.arrayheight", d.rows), r.integer("architecture_presets.arraywidth", d.cols),
                r.integer("architecture_presets.ifmapsramszkb", d.ifmapKb), r.integer("architecture_presets.filtersramszkb", d.filterKb),
                r.integer("architecture_presets.ofmapsramszkb", d.ofmapKb),
                r.offset("architecture_presets.ifmapoffset", d.ifmapOffset), r.offset("architecture_presets.filteroffset", d.filterOffset),
                r.offset("architecture_presets.ofmapoffset", d.ofmapOffset), df, user, bw, bw, bw,
                r.integer("architecture_presets.wordsize", 1));
    }

    private static int firstSeparator(String l) {
        int a = l.indexOf(':'), b = l.indexOf('=');
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    private record Reader(Path file, Map<String, String> kv, Map<String, Integer> lineOf) {
        String str(String key, String dflt) { return kv.getOrDefault(key, dflt); }

        int integer(String key, int dflt) {
            String v = kv.get(key);
            return v == null ? dflt : positive(key, v);
        }

        int offset(String key, int dflt) {
            String v = kv.get(key);
            return v == null ? dflt : atLeast(key, v, 0);
        }

        int positive(String key, String v) { return atLeast(key, v, 1); }

        private int atLeast(String key, String v, int min) {
            try {
                int x = Integer.parseInt(v.strip());
                if (x >= min) return x;
            } catch (NumberFormatException ignored) { }
            throw bad(key, "an integer >= " + min);
        }

        IllegalArgumentException bad(String key, String accepted) {
            Integer line = lineOf.get(key);
            String name = key.substring(key.indexOf('.') + 1);
            return new InvalidInputException(ErrorKind.BAD_FORMAT, file + (line == null ? "" : ":" + line) + ": key '" + name + "' = '"
                    + kv.getOrDefault(key, "") + "': expected " + accepted).at(file + (line == null ? "" : ":" + line));
        }
    }
}
