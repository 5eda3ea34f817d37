package org.dlas.tuner.reuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.dlas.tuner.tvm.TvmCompiler;

/**
 * What the reuse tests share within one test JVM: a TVM build cache in a temporary directory
 * (removed when the JVM exits) and one tuned database, lenet's, made once with a tiny trial budget
 * (the tests check the mechanics, not the speed of the schedules).
 */
final class ReuseFixture {
    static final int LENET_TRIALS = 7;

    private static TvmCompiler compiler;
    private static TuningDatabase lenet;

    private ReuseFixture() { }

    static synchronized TvmCompiler compiler() throws IOException {
        if (compiler == null) {
            Path cache = Files.createTempDirectory("dlas-reuse-test-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(cache)));
            compiler = new TvmCompiler(cache, Duration.ofMinutes(10));
        }
        return compiler;
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    static synchronized TuningDatabases databases() throws IOException { return new TuningDatabases(compiler()); }

    /** lenet auto-scheduled with {@link #LENET_TRIALS} trials, batch 1, primitive direct. */
    static synchronized TuningDatabase lenetDatabase() throws Exception {
        if (lenet == null) {
            TuningDatabases dbs = databases();
            lenet = dbs.tune("lenet", LENET_TRIALS, "direct", 1, dbs.defaultDir("lenet", "direct", 1));
        }
        return lenet;
    }
}
