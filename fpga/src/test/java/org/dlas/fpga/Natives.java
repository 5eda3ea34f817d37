package org.dlas.fpga;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;

import org.dlas.fpga.sim.NativeFiles;
import org.dlas.fpga.sim.WorkerPool;

/** Shared test fixtures: the built worker (tests that need it are skipped, with the reason, when it is missing). */
final class Natives {
    private Natives() { }

    static Path worker() {
        NativeFiles files = NativeFiles.standard();
        Optional<String> why = files.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "fpga simulator unavailable: " + why.orElse(""));
        return files.worker().orElseThrow();
    }

    private static WorkerPool shared;

    /** A pool shared by the tests of this JVM (two workers). */
    static synchronized WorkerPool pool() {
        if (shared == null) shared = new WorkerPool(worker(), 2);
        return shared;
    }
}
