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

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code dlas sim stonne -CONV|-FC|-DenseGEMM -name=value ...}: STONNE's standalone command line
 * (same option spelling and defaults) on dlas's STONNE-timed MAERI model. Prints STONNE's
 * "Number of cycles running: N" line and writes a JSON stats file (STONNE's file name, its
 * hardwareConfiguration block and GlobalStats.N_cycles) to $OUTPUT_DIR, as STONNE does.
 */
@Command(name = "stonne", mixinStandardHelpOptions = true,
        description = "Simulate one layer with STONNE's standalone options (-CONV, -FC or -DenseGEMM on MAERI) and print STONNE's cycle line;"
                + " the JSON stats file goes to $OUTPUT_DIR (default: the current directory).")
public class StonneCommand implements Callable<Integer> {
    @Unmatched List<String> args = new ArrayList<>();

    PrintStream stdout = System.out;
    Path outputDir = Path.of(System.getenv().getOrDefault("OUTPUT_DIR", "."));

    @Override public Integer call() throws IOException {
        StonneOptions o;
        StonneMaeriLayer layer;
        long cycles;
        try {
            o = StonneOptions.parse(args);
            layer = o.layer();
            cycles = o.timing().cycles(layer);
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
