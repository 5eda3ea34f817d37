package org.dlas.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dlas.fpga.board.LoopbackBoardServer;
import org.dlas.fpga.board.RpcTracker;
import org.dlas.spec.SpecLoader;
import org.dlas.spec.SweepSpec;
import org.dlas.store.ResultRow;
import org.dlas.store.ResultRow.Metric;
import org.dlas.store.SqliteResultStore;
import org.dlas.sweep.StackCatalog;
import org.dlas.sweep.SweepRunner;
import org.dlas.tvm.rpc.RpcSecret;

/**
 * {@code hardware: {name: cpu, rpc: {tracker, key}}}: TVM builds made here run on CPU hosts
 * ({@code dlas rpc-server}: the authenticated dlas server in its cpu role) taken from TVM's
 * tracker. Two loopback hosts; every rpc point gives the same outputs as the same point run here.
 */
class RemoteCpuHostsTest {
    private static final Pattern HOST = Pattern.compile("ran on rpc host (127\\.0\\.0\\.1:\\d+) \\(tracker ");

    @Test
    void cpuPointsThroughTheTrackerEqualLocalOnesAndNameTheirHost(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret");
        RpcSecret.loadOrCreate(secret);
        try (RpcTracker tracker = RpcTracker.start("127.0.0.1", 0, System.err::println);
             LoopbackBoardServer a = LoopbackBoardServer.startCpuHost(LoopbackBoardServer.Options.loopback(secret)
                     .withTracker(tracker.address(), "x86-test"), line -> System.err.println("host a: " + line));
             LoopbackBoardServer b = LoopbackBoardServer.startCpuHost(LoopbackBoardServer.Options.loopback(secret)
                     .withTracker(tracker.address(), "x86-test"), line -> System.err.println("host b: " + line))) {
            Path file = dir.resolve("rpc.yaml");
            Files.writeString(file, """
                    name: rpc
                    model: lenet
                    compression: [none, {name: prune, sparsity: 0.5}]
                    primitive: [direct, gemm]
                    codegen: untuned
                    hardware: [cpu, {name: cpu, rpc: {tracker: TRACKER, key: x86-test, secret_file: SECRET}}]
                    measure: {warmup: 1, repeats: 3, test_images: 200}
                    output: OUT
                    """.replace("TRACKER", tracker.address()).replace("SECRET", secret.toString()).replace("OUT", dir.resolve("out").toString()));
            SweepSpec spec = SpecLoader.load(file, new StackCatalog());
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            SweepRunner.Summary s = new SweepRunner(2, null, new PrintStream(log, true)).run(spec);
            assertEquals(0, s.errors(), log::toString);

            Map<String, ResultRow> local = new TreeMap<>();
            Map<String, ResultRow> remote = new TreeMap<>();
            try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
                for (ResultRow r : store.forSweep("rpc")) {
                    assertEquals(ResultRow.Status.OK, r.status(), r.message());
                    Map<String, String> others = new TreeMap<>(r.labels());
                    String hardware = others.remove("hardware");
                    (r.pointJson().contains("\"rpc\"") ? remote : local).put(others.toString(), r);
                    assertTrue(hardware != null, r.labels().toString());
                }
            }
            assertEquals(4, local.size(), local.keySet().toString());
            assertEquals(local.keySet(), remote.keySet());
            Set<String> hosts = new TreeSet<>();
            for (Map.Entry<String, ResultRow> e : local.entrySet()) {
                ResultRow here = e.getValue();
                ResultRow there = remote.get(e.getKey());
                assertArrayEquals(here.predictions(), there.predictions(), e.getKey());
                for (String m : List.of(Metric.TOP1, Metric.TOP5, Metric.PARAMS, Metric.MACS, Metric.SPARSITY, Metric.LABEL_DIFF_SHARE,
                        Metric.MAX_OUTPUT_DEVIATION)) {
                    assertEquals(here.metrics().get(m), there.metrics().get(m), m + " of " + e.getKey());
                }
                assertTrue(here.metrics().get(Metric.TOP1) > 0.5, e.getKey() + " top1 " + here.metrics().get(Metric.TOP1));
                assertTrue(there.metrics().get("remote_run_ms") > 0, there.metrics().toString());
                assertTrue(!here.metrics().containsKey("remote_run_ms"), here.metrics().toString());
                Matcher host = HOST.matcher(there.message());
                assertTrue(host.find(), there.message());
                assertTrue(there.message().contains("dlas rpc server (TVM "), there.message());
                assertTrue(Set.of("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port()).contains(host.group(1)), host.group(1));
                hosts.add(host.group(1));
                assertTrue(!here.message().contains("ran on rpc host"), here.message());
            }
            System.err.println("rpc points ran on " + hosts);
        }
    }
}
