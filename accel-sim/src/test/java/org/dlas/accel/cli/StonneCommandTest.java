package org.dlas.accel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code dlas sim stonne} takes STONNE's standalone options and prints STONNE's cycle line and stats file. */
class StonneCommandTest {
    private static int run(Path out, ByteArrayOutputStream text, String... args) {
        StonneCommand cmd = new StonneCommand();
        cmd.stdout = new PrintStream(text);
        cmd.outputDir = out;
        return new CommandLine(cmd).execute(args);
    }

    @Test
    void printsStonnesCycleLineAndStats(@TempDir Path out) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        // reference case t036: STONNE prints "Number of cycles running: 1391"
        int rc = run(out, text, "-FC", "-M=32", "-N=1", "-K=128", "-T_M=1", "-T_N=1", "-T_K=16", "-num_ms=32", "-dn_bw=32", "-rn_bw=32", "-accumulation_buffer=0");
        assertEquals(0, rc, text.toString());
        assertTrue(text.toString().contains("Number of cycles running: 1391\n"), text.toString());
        List<Path> files;
        try (var s = Files.list(out)) { files = s.toList(); }
        assertEquals(1, files.size());
        assertTrue(files.get(0).getFileName().toString().startsWith("output_stats_layer_TestLayer_architecture_MSes_32_dnbw_32_rn_bw_32timestamp_"));
        JsonNode stats = new ObjectMapper().readTree(files.get(0).toFile());
        assertEquals(1391, stats.at("/GlobalStats/N_cycles").asLong());
        assertEquals(32, stats.at("/hardwareConfiguration/ms_size").asInt());
        assertEquals(128, stats.at("/LayerConfiguration/S").asInt()); // FC as STONNE maps it: a 1 x K filter
    }

    @Test
    void osMeshRunsTheTpuLikeMesh(@TempDir Path out) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        // reference case t088: STONNE prints "Number of cycles running: 334"
        int rc = run(out, text, "-DenseGEMM", "-M=20", "-N=12", "-K=40", "-ms_rows=8", "-ms_cols=8", "-dn_bw=16", "-rn_bw=64", "-T_M=8", "-T_N=8", "-T_K=1",
                "-accumulation_buffer=1", "-rn_type=TEMPORALRN", "-mn_type=OS_MESH", "-mem_ctrl=TPU_OS_DENSE");
        assertEquals(0, rc, text.toString());
        assertTrue(text.toString().contains("Number of cycles running: 334\n"), text.toString());
        List<Path> files;
        try (var s = Files.list(out)) { files = s.toList(); }
        JsonNode stats = new ObjectMapper().readTree(files.get(0).toFile());
        assertEquals(334, stats.at("/GlobalStats/N_cycles").asLong());
        assertEquals(8, stats.at("/hardwareConfiguration/ms_rows").asInt());
        assertEquals("OS_MESH", stats.at("/hardwareConfiguration/multiplier_network_type").asText());
        assertEquals(8, stats.at("/TileConfiguration/T_N").asInt());
    }

    @Test
    void meshConfigurationsStonneCannotBuildAreOneLineErrors(@TempDir Path out) {
        String mesh = "-rn_type=TEMPORALRN -mn_type=OS_MESH -mem_ctrl=TPU_OS_DENSE";
        // (4+8)/16 read ports is not a power of two: STONNE's distribution trees assert
        assertEquals(2, run(out, new ByteArrayOutputStream(), ("-DenseGEMM -M=8 -N=8 -K=4 -ms_rows=4 -ms_cols=8 -dn_bw=16 -rn_bw=32 -T_M=4 -T_N=8 " + mesh).split(" ")));
        // the mesh needs its TEMPORALRN reduction and TPU_OS_DENSE controller, and GEMM layers
        assertEquals(2, run(out, new ByteArrayOutputStream(), "-DenseGEMM", "-ms_rows=4", "-ms_cols=4", "-mn_type=OS_MESH"));
        assertEquals(2, run(out, new ByteArrayOutputStream(), "-CONV", "-mn_type=OS_MESH"));
        // a tile larger than the mesh
        assertEquals(2, run(out, new ByteArrayOutputStream(), ("-DenseGEMM -M=8 -N=8 -K=4 -ms_rows=4 -ms_cols=4 -dn_bw=8 -rn_bw=16 -T_M=8 -T_N=4 " + mesh).split(" ")));
    }

    @Test
    void sparseGemmRunsSigma(@TempDir Path out) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        // reference case t062: STONNE prints "Number of cycles running: 145"
        int rc = run(out, text, "-SparseGEMM", "-M=32", "-N=32", "-K=64", "-MK_sparsity=90", "-KN_sparsity=0", "-dataflow=MK_STA_KN_STR",
                "-num_ms=128", "-dn_bw=128", "-rn_bw=128");
        assertEquals(0, rc, text.toString());
        assertTrue(text.toString().contains("Number of cycles running: 145\n"), text.toString());
        List<Path> files;
        try (var s = Files.list(out)) { files = s.toList(); }
        assertTrue(files.get(0).getFileName().toString().startsWith("output_stats_layer_GEMMTestLayer_architecture_MSes_128_dnbw_128_rn_bw_128timestamp_"));
        JsonNode stats = new ObjectMapper().readTree(files.get(0).toFile());
        assertEquals(145, stats.at("/GlobalStats/N_cycles").asLong());
        assertEquals("MK_STA_KN_STR", stats.at("/LayerConfiguration/Dataflow").asText());
    }

    @Test
    void stonnesDefaultsApply(@TempDir Path out) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        // STONNE's defaults: num_ms 64, dn_bw 4, rn_bw 4, no accumulation buffer; CONV 1x3 filter on a 1x3 input, T_S 3
        assertEquals(0, run(out, text, "-CONV"));
        assertTrue(text.toString().startsWith("Number of cycles running: "), text.toString());
    }

    @Test
    void badOptionsAreOneLineErrorsWithExitCode2(@TempDir Path out) {
        for (String[] args : List.of(new String[] {"-FC", "-ms_size=32"}, new String[] {"-CONV", "-T_K=x"}, new String[] {"-SparseDense"},
                new String[] {"-SparseGEMM", "-dataflow=KN_STA"}, new String[] {"-SparseGEMM", "-optimize=1"},
                new String[] {"-FC", "-rn_type=FENETWORK"}, new String[] {"-FC", "-num_ms=32", "-T_M=8", "-T_K=8"})) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            java.io.PrintStream err = System.err;
            ByteArrayOutputStream errText = new ByteArrayOutputStream();
            System.setErr(new PrintStream(errText));
            try {
                assertEquals(2, run(out, text, args), String.join(" ", args));
            } finally {
                System.setErr(err);
            }
            String msg = errText.toString();
            assertEquals(1, msg.lines().count(), msg);
            assertTrue(msg.startsWith("dlas sim stonne: "), msg);
        }
    }
}
