package org.dlas.tuner.reuse;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.dlas.ir.Graph;
import org.dlas.tuner.tvm.CompiledLibrary;
import org.dlas.tuner.tvm.CpuTarget;
import org.dlas.tuner.tvm.TvmBuildOptions;
import org.dlas.tuner.tvm.TvmCompiler;

/** The three kinds of CPU build a reuse study compares, all batch 1, opt_level 3, one primitive. */
public final class ReuseBuilds {
    private final TvmCompiler compiler;
    private final String primitive;

    public ReuseBuilds(TvmCompiler compiler, String primitive) {
        this.compiler = compiler;
        this.primitive = primitive;
    }

    public String primitive() { return primitive; }

    public CompiledLibrary untuned(Graph g) throws IOException, InterruptedException {
        return compiler.compile(g, options("untuned", 0, List.of()));
    }

    /** Schedules borrowed from {@code donors} (see {@link ReuseReport} for the rule). */
    public CompiledLibrary reuse(Graph g, List<TuningDatabase> donors) throws IOException, InterruptedException {
        return compiler.compile(g, options(TvmBuildOptions.REUSE, 0, donors));
    }

    /** MetaSchedule from scratch with {@code trials} trials, as {@code dlas tune} does it. */
    public CompiledLibrary autoscheduled(Graph g, int trials) throws IOException, InterruptedException {
        return compiler.compile(g, options("autoscheduled", trials, List.of()));
    }

    private TvmBuildOptions options(String codegen, int trials, List<TuningDatabase> donors) {
        boolean tuned = "autoscheduled".equals(codegen);
        return new TvmBuildOptions(CpuTarget.llvmTarget(), primitive, Map.of(), codegen, 3, trials, tuned ? "learned" : "", 1, 0, donors);
    }
}
