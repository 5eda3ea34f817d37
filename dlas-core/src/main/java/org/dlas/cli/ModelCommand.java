package org.dlas.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command about one model (difftest, faults, mutate, repair): the MODEL argument and
 * {@code --input-shape} (see {@link ModelOptions}) and the command's output streams.
 */
public abstract class ModelCommand implements Callable<Integer> {
    @Spec protected CommandSpec spec;

    @Mixin protected ModelOptions model;

    protected PrintWriter out() { return spec.commandLine().getOut(); }

    protected PrintWriter err() { return spec.commandLine().getErr(); }
}
