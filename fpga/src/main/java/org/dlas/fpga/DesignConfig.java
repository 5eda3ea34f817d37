package org.dlas.fpga;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dlas.fpga.sim.SimConfig;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * One accelerator design point: which design and its parameters (the {@code fpga} target's
 * hardware parameters other than {@code mode}, the board link's ({@code board_host}, {@code board_port}, {@code tracker},
 * {@code key}, {@code board_secret_file}) and {@code power_table}).
 *
 * @param design           vm (vector-MAC) or sa (systolic array)
 * @param rows             sa: array rows (output channels per pass)
 * @param cols             sa: array columns (output pixels per pass)
 * @param lanes            vm: MAC lanes (output channels per pass)
 * @param vector           vm: int8 multiplies per lane per cycle
 * @param bufferKb         KB of each on-chip buffer: weights (int8), inputs (int8), outputs (int32)
 * @param clockMhz         design clock: only turns cycles into time (the designs are cycle-based)
 * @param dmaBytesPerCycle AXI-stream beat width in bytes
 */
public record DesignConfig(Design design, int rows, int cols, int lanes, int vector, double bufferKb,
                           double clockMhz, int dmaBytesPerCycle) {

    public enum Design {
        VM, SA;

        public String id() { return name().toLowerCase(Locale.ROOT); }
    }

    /** Zynq-7020 (PYNQ-Z1) programmable logic resources, for the fit check. */
    public static final int PYNQ_Z1_DSP = 220;
    public static final int PYNQ_Z1_BRAM36 = 140;
    private static final int BRAM36_BYTES = 4608;

    public DesignConfig {
        if (bufferKb * 1024 < 4) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "buffer_kb must hold at least 4 bytes, got " + bufferKb);
        if (clockMhz <= 0) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "clock_mhz must be > 0, got " + clockMhz);
        if (rows < 1 || cols < 1 || lanes < 1 || vector < 1 || dmaBytesPerCycle < 1) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "rows, cols, lanes, vector and dma_bytes_per_cycle must be >= 1");
        }
    }

    /** The hardware parameters of the {@code fpga} target (shared by both designs). */
    public static List<ParamSpec> params() {
        return List.of(
                ParamSpec.oneOf("design", "vm: vector-MAC lanes with stationary weights; sa: R x C int8 systolic array", "vm", List.of("vm", "sa")),
                ParamSpec.integer("rows", "sa: systolic array rows", 8, 1, 64),
                ParamSpec.integer("cols", "sa: systolic array columns", 8, 1, 64),
                ParamSpec.integer("lanes", "vm: MAC lanes", 16, 1, 256),
                ParamSpec.integer("vector", "vm: int8 multiplies per lane per cycle", 4, 1, 64),
                ParamSpec.number("buffer_kb", "KB of each on-chip buffer (weights, inputs, int32 outputs)", 16.0, 0.0625, 1024.0),
                ParamSpec.number("clock_mhz", "design clock in MHz (PYNQ-Z1 designs: 100-200)", 100.0, 1.0, 1000.0),
                ParamSpec.integer("dma_bytes_per_cycle", "AXI-stream DMA beat width in bytes per cycle", 4, 1, 64),
                ParamSpec.oneOf("mode", "sim: SystemC simulation here; board: the jobs go to a board server (TVM RPC) at board_host:board_port",
                        "sim", List.of("sim", "board")),
                ParamSpec.text("board_host", "mode board: host name or address of the board server", "127.0.0.1"),
                ParamSpec.integer("board_port", "mode board: TCP port of the board server", 9091, 1, 65535),
                ParamSpec.text("tracker", "mode board: HOST:PORT of a TVM RPC tracker to take a free board from (instead of board_host:board_port)", ""),
                ParamSpec.text("key", "mode board: TVM RPC key; with a tracker, the device key of the boards (e.g. pynq-z1)", ""),
                ParamSpec.text("board_secret_file", "mode board: file with the board server's shared secret (empty: ~/.dlas/board-secret)", ""),
                new ParamSpec("power_table", String.class, "energy table: builtin, or a path to a .properties file (see fpga/README.md)",
                        "builtin", null, null, List.of()));
    }

    /** Reads a hardware choice; parameters left out take their defaults. */
    public static DesignConfig of(Choice hardware) {
        Map<String, Object> p = hardware.params();
        return new DesignConfig(
                Design.valueOf(string(p, "design").toUpperCase(Locale.ROOT)),
                integer(p, "rows"), integer(p, "cols"), integer(p, "lanes"), integer(p, "vector"),
                number(p, "buffer_kb"), number(p, "clock_mhz"), integer(p, "dma_bytes_per_cycle"));
    }

    public static DesignConfig vm(int lanes, int vector, double bufferKb, int dmaBytesPerCycle) {
        return new DesignConfig(Design.VM, 8, 8, lanes, vector, bufferKb, 100, dmaBytesPerCycle);
    }

    public static DesignConfig sa(int rows, int cols, double bufferKb, int dmaBytesPerCycle) {
        return new DesignConfig(Design.SA, rows, cols, 16, 4, bufferKb, 100, dmaBytesPerCycle);
    }

    public DesignConfig withClock(double mhz) {
        return new DesignConfig(design, rows, cols, lanes, vector, bufferKb, mhz, dmaBytesPerCycle);
    }

    static Object param(Map<String, Object> p, String name) {
        Object v = p.get(name);
        if (v != null) return v;
        return params().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().defaultValue();
    }

    private static String string(Map<String, Object> p, String name) { return String.valueOf(param(p, name)); }
    private static int integer(Map<String, Object> p, String name) { return ((Number) param(p, name)).intValue(); }
    private static double number(Map<String, Object> p, String name) { return ((Number) param(p, name)).doubleValue(); }

    /** Bytes of each buffer (a multiple of 4). */
    public long bufferBytes() { return Math.max(4, (long) Math.floor(bufferKb * 1024 / 4) * 4); }

    /** The native job parameters, with a watchdog of {@code maxCycles}. */
    public SimConfig sim(long maxCycles) {
        return new SimConfig(design == Design.SA ? SimConfig.SA : SimConfig.VM, rows, cols, lanes, vector,
                dmaBytesPerCycle, bufferBytes(), maxCycles);
    }

    /** Multiply-accumulate units (peak MACs per cycle). */
    public int macUnits() { return design == Design.SA ? rows * cols : lanes * vector; }

    /** Output channels one array pass covers. */
    public int rowGranule() { return design == Design.SA ? rows : lanes; }

    /** Output pixels one array pass covers. */
    public int colGranule() { return design == Design.SA ? cols : 1; }

    /** DSP48E1 slices: one per int8 MAC unit (no two-MACs-per-DSP packing assumed). */
    public int dspEstimate() { return macUnits(); }

    /** BRAM36 blocks: the three buffers plus the bias buffer (4 KB). */
    public int bram36Estimate() { return 3 * (int) Math.ceil(bufferBytes() / (double) BRAM36_BYTES) + 1; }

    public boolean fitsPynqZ1() { return dspEstimate() <= PYNQ_Z1_DSP && bram36Estimate() <= PYNQ_Z1_BRAM36; }

    public String label() {
        String shape = design == Design.SA ? rows + "x" + cols + " systolic array" : lanes + " lanes x " + vector + " MACs";
        return design.id() + " (" + shape + ", " + fmt(bufferKb) + " KB buffers, " + fmt(clockMhz) + " MHz, DMA "
                + dmaBytesPerCycle + " B/cycle)";
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
