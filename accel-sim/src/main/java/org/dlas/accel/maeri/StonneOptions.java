package org.dlas.accel.maeri;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * STONNE's standalone command line ({@code -CONV|-FC|-DenseGEMM|-SparseGEMM -name=value ...}) with its
 * spelling and defaults, for the modes dlas models after STONNE: MAERI (ASNETWORK reduction, LINEAR
 * multipliers, MAERI_DENSE_WORKLOAD memory controller) on CONV, FC and dense GEMM layers, and SIGMA
 * (SIGMA_SPARSE_GEMM memory controller) on sparse GEMMs.
 * An unknown option, a bad value or a configuration dlas does not model is a one-line error.
 */
public record StonneOptions(String mode, Map<String, String> values) {
    private static final Map<String, String> HARDWARE = defaults(
            "num_ms", "64", "dn_bw", "4", "rn_bw", "4", "accumulation_buffer", "0", "rn_type", "ASNETWORK", "mn_type", "LINEAR",
            "mem_ctrl", "MAERI_DENSE_WORKLOAD", "print_stats", "1");
    private static final Map<String, String> CONV = defaults(
            "layer_name", "TestLayer", "R", "1", "S", "3", "C", "1", "K", "1", "G", "1", "N", "1", "X", "1", "Y", "3", "strides", "1",
            "T_R", "1", "T_S", "3", "T_C", "1", "T_K", "1", "T_G", "1", "T_N", "1", "T_X_", "1", "T_Y_", "1");
    private static final Map<String, String> GEMM = defaults(
            "layer_name", "TestLayer", "M", "1", "K", "3", "N", "1", "T_M", "1", "T_K", "1", "T_N", "1", "ms_rows", "0", "ms_cols", "0");
    private static final Map<String, String> SPARSE_GEMM = defaults(
            "layer_name", "GEMMTestLayer", "M", "4", "N", "4", "K", "8", "MK_sparsity", "20", "KN_sparsity", "20",
            "dataflow", "MK_STA_KN_STR", "optimize", "0", "mem_ctrl", "SIGMA_SPARSE_GEMM");
    private static final List<String> TEXT = List.of("layer_name", "rn_type", "mn_type", "mem_ctrl", "dataflow");

    private static Map<String, String> defaults(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    /** Parses STONNE's arguments; the first names the layer type. */
    public static StonneOptions parse(List<String> args) {
        if (args.isEmpty()) throw new IllegalArgumentException("name a layer type first: -CONV, -FC, -DenseGEMM or -SparseGEMM");
        String mode = args.get(0);
        Map<String, String> layer = switch (mode) {
            case "-CONV" -> CONV;
            case "-FC", "-DenseGEMM" -> GEMM;
            case "-SparseGEMM" -> SPARSE_GEMM;
            case "-SparseDense" -> throw new IllegalArgumentException(mode + ": dlas has no STONNE-agreeing model of this mode yet;"
                    + " accepted: -CONV, -FC, -DenseGEMM, -SparseGEMM");
            default -> throw new IllegalArgumentException("'" + mode + "': expected -CONV, -FC, -DenseGEMM or -SparseGEMM as the first argument");
        };
        Map<String, String> v = new LinkedHashMap<>(HARDWARE);
        v.putAll(layer);
        for (String a : args.subList(1, args.size())) {
            int eq = a.indexOf('=');
            if (!a.startsWith("-") || eq < 2) throw new IllegalArgumentException("'" + a + "': expected -name=value");
            String name = a.substring(1, eq), value = a.substring(eq + 1);
            if (!v.containsKey(name)) {
                throw new IllegalArgumentException("option -" + name + " is not a " + mode + " option; accepted: -" + String.join(", -", v.keySet()));
            }
            if (!TEXT.contains(name) && !value.matches("\\d{1,9}")) throw new IllegalArgumentException("option -" + name + "='" + value + "': expected a non-negative integer");
            v.put(name, value);
        }
        if (v.get("mn_type").equals("OS_MESH") && !mode.equals("-CONV") && !mode.equals("-SparseGEMM")) { // the TPU-like mesh
            require(v, "rn_type", "TEMPORALRN");
            require(v, "mem_ctrl", "TPU_OS_DENSE");
            return new StonneOptions(mode, v);
        }
        require(v, "rn_type", "ASNETWORK");
        if (!v.get("mn_type").equals("LINEAR"))
            throw new IllegalArgumentException("option -mn_type=" + v.get("mn_type") + ": not modelled by dlas for " + mode + " (accepted: LINEAR; OS_MESH with -FC/-DenseGEMM)");
        if (mode.equals("-SparseGEMM")) {
            require(v, "mem_ctrl", "SIGMA_SPARSE_GEMM");
            require(v, "optimize", "0"); // STONNE's row reordering is not modelled
            if (!v.get("dataflow").matches("MK_STA_KN_STR|MK_STR_KN_STA"))
                throw new IllegalArgumentException("option -dataflow=" + v.get("dataflow") + ": accepted MK_STA_KN_STR or MK_STR_KN_STA");
            for (String sp : List.of("MK_sparsity", "KN_sparsity"))
                if (Integer.parseInt(v.get(sp)) > 100) throw new IllegalArgumentException("option -" + sp + "=" + v.get(sp) + ": expected 0..100");
        } else {
            require(v, "mem_ctrl", "MAERI_DENSE_WORKLOAD");
        }
        return new StonneOptions(mode, v);
    }

    private static void require(Map<String, String> v, String key, String modelled) {
        if (!v.get(key).equals(modelled)) {
            throw new IllegalArgumentException("option -" + key + "=" + v.get(key) + ": not modelled by dlas for this mode (accepted: " + modelled + ")");
        }
    }

    public int integer(String name) { return Integer.parseInt(values.get(name)); }

    /** Whether these options select STONNE's TPU-like output-stationary mesh (OS_MESH, TEMPORALRN, TPU_OS_DENSE). */
    public boolean mesh() { return values.get("mn_type").equals("OS_MESH"); }

    /** Cycles of the GEMM on STONNE's TPU-like mesh (-ms_rows x -ms_cols, T_M x T_N output tiles); errors name the options. */
    public long meshCycles() {
        try {
            return new org.dlas.accel.systolic.StonneMeshTiming(integer("ms_rows"), integer("ms_cols"), integer("dn_bw"), integer("rn_bw"), integer("num_ms"))
                    .cycles(integer("M"), integer("N"), integer("K"), integer("T_M"), integer("T_N"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("options -ms_rows/-ms_cols/-dn_bw/-rn_bw/-num_ms/-M/-N/-K/-T_M/-T_N: " + e.getMessage(), e);
        }
    }

    /** The MAERI timing model these options configure (errors name the option). */
    public StonneMaeriTiming timing() {
        int ab = integer("accumulation_buffer");
        if (ab > 1) throw new IllegalArgumentException("option -accumulation_buffer=" + ab + ": expected 0 or 1");
        try {
            return new StonneMaeriTiming(integer("num_ms"), integer("dn_bw"), integer("rn_bw"), ab == 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("options -num_ms/-dn_bw/-rn_bw: " + e.getMessage(), e);
        }
    }

    /** The layer and tile, FC and dense GEMM mapped as STONNE maps them. */
    public StonneMaeriLayer layer() {
        if (mode.equals("-CONV")) {
            return new StonneMaeriLayer(integer("R"), integer("S"), integer("C"), integer("K"), integer("G"), integer("N"), integer("X"), integer("Y"),
                    integer("strides"), integer("T_R"), integer("T_S"), integer("T_C"), integer("T_K"), integer("T_G"), integer("T_N"),
                    integer("T_X_"), integer("T_Y_"));
        }
        return StonneMaeriLayer.fc(integer("M"), integer("N"), integer("K"), integer("T_M"), integer("T_N"), integer("T_K"));
    }
}
