package org.dlas.accel.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dlas.accel.maeri.StonneMaeriLayer;
import org.dlas.accel.maeri.StonneOptions;
import org.dlas.accel.sigma.StonneOperands;
import org.dlas.accel.sigma.StonneSigmaTiming;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * {@code dlas sim stonne -CONV|-FC|-DenseGEMM|-SparseGEMM -name=value ...}: STONNE's standalone
 * command line (same option spelling and defaults) on dlas's STONNE-timed MAERI model, for
 * -FC/-DenseGEMM with {@code -mn_type=OS_MESH -rn_type=TEMPORALRN -mem_ctrl=TPU_OS_DENSE} its model of
 * STONNE's TPU-like mesh, or for -SparseGEMM its STONNE-timed SIGMA model on STONNE's own operands. Prints STONNE's
 * "Number of cycles running: N" line and writes a JSON stats file (STONNE's file name, its
 * hardwareConfiguration block and GlobalStats.N_cycles) to $OUTPUT_DIR, as STONNE does.
 */
@Command(name = "stonne", mixinStandardHelpOptions = true,
        description = "Simulate one layer with STONNE's standalone options (-CONV, -FC or -DenseGEMM on MAERI or, with -mn_type=OS_MESH, the TPU-like mesh; -SparseGEMM on SIGMA) and print STONNE's cycle line;"
                + " the JSON stats file goes to $OUTPUT_DIR (default: the current directory).")
public class StonneCommand implements Callable<Integer> {
    @Unmatched List<String> args = new ArrayList<>();

    PrintStream stdout = System.out;
    Path outputDir = Path.of(System.getenv().getOrDefault("OUTPUT_DIR", "."));

    @Override public Integer call() throws IOException {
        StonneOptions o;
        StonneMaeriLayer layer = null;
        long cycles;
        try {
            o = StonneOptions.parse(args);
            if (o.mode().equals("-SparseGEMM")) {
                cycles = sparseGemmCycles(o);
            } else if (o.mesh()) {
                cycles = o.meshCycles();
            } else {
                layer = o.layer();
                cycles = o.timing().cycles(layer);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("dlas sim stonne: " + e.getMessage());
            return 2;
        }
        stdout.println("Number of cycles running: " + cycles);
        Files.createDirectories(outputDir);
        Path file = outputDir.resolve("output_stats_layer_" + o.values().get("layer_name") + "_architecture_MSes_" + o.integer("num_ms")
                + "_dnbw_" + o.integer("dn_bw") + "_rn_bw_" + o.integer("rn_bw") + "timestamp_" + System.currentTimeMillis() / 1000 + ".txt");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), stats(o, layer, cycles));
        stdout.println("stats: " + file);
        return 0;
    }

    /** SIGMA on STONNE's own operands (its rand() pattern) with STONNE's SparseGEMM timing. */
    static long sparseGemmCycles(StonneOptions o) {
        int m = o.integer("M"), n = o.integer("N"), k = o.integer("K");
        if (m < 1 || n < 1 || k < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "options -M/-N/-K: expected positive integers");
        float[][] ops = StonneOperands.sparseGemm(m, n, k, o.integer("MK_sparsity"), o.integer("KN_sparsity"));
        StonneSigmaTiming t;
        try {
            t = new StonneSigmaTiming(o.integer("num_ms"), o.integer("dn_bw"), o.integer("rn_bw"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(ErrorKind.of(e, ErrorKind.OUT_OF_RANGE), "options -num_ms/-dn_bw/-rn_bw: " + e.getMessage(), e);
        }
        return t.cycles(ops[0], ops[1], m, n, k, StonneSigmaTiming.Dataflow.valueOf(o.values().get("dataflow")));
    }

    static ObjectNode stats(StonneOptions o, StonneMaeriLayer l, long cycles) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        ObjectNode hw = root.putObject("hardwareConfiguration");
        for (var e : Map.of("ms_size", "num_ms", "dn_bw", "dn_bw", "rn_bw", "rn_bw", "accumulation_buffer_enabled", "accumulation_buffer").entrySet())
            hw.put(e.getKey(), o.integer(e.getValue()));
        hw.put("reduce_network_type", o.values().get("rn_type"));
        hw.put("multiplier_network_type", o.values().get("mn_type"));
        hw.put("memory_controller_type", o.values().get("mem_ctrl"));
        ObjectNode layer = root.putObject("LayerConfiguration");
        layer.put("Layer_Type", o.mode().substring(1));
        if (o.mesh()) { // TPU mesh: the GEMM and its output tile
            hw.put("ms_rows", o.integer("ms_rows"));
            hw.put("ms_cols", o.integer("ms_cols"));
            for (String d : List.of("M", "N", "K")) layer.put(d, o.integer(d));
            ObjectNode tile = root.putObject("TileConfiguration");
            for (String t : List.of("T_M", "T_N", "T_K")) tile.put(t, o.integer(t));
            root.putObject("GlobalStats").put("N_cycles", cycles);
            return root;
        }
        if (l == null) { // sparse GEMM: its dimensions, sparsities and dataflow
            for (String d : List.of("M", "N", "K", "MK_sparsity", "KN_sparsity")) layer.put(d, o.integer(d));
            layer.put("Dataflow", o.values().get("dataflow"));
            root.putObject("GlobalStats").put("N_cycles", cycles);
            return root;
        }
        int[] dims = {l.r(), l.s(), l.c(), l.k(), l.g(), l.n(), l.x(), l.y(), l.stride(), l.outX(), l.outY()};
        String[] names = {"R", "S", "C", "K", "G", "N", "X", "Y", "Strides", "X_", "Y_"};
        for (int i = 0; i < dims.length; i++) layer.put(names[i], dims[i]);
        ObjectNode tile = root.putObject("TileConfiguration");
        int[] tiles = {l.tR(), l.tS(), l.tC(), l.tK(), l.tG(), l.tN(), l.tX(), l.tY()};
        String[] tileNames = {"T_R", "T_S", "T_C", "T_K", "T_G", "T_N", "T_X'", "T_Y'"};
        for (int i = 0; i < tiles.length; i++) tile.put(tileNames[i], tiles[i]);
        root.putObject("GlobalStats").put("N_cycles", cycles);
        return root;
    }
}
