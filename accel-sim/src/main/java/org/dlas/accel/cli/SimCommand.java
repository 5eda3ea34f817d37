package org.dlas.accel.cli;

import org.dlas.cli.CommandPlugin;

import picocli.CommandLine.Command;

/** {@code dlas sim ...}: the accelerator simulators driven by the reference tools' own inputs. */
@Command(name = "sim", mixinStandardHelpOptions = true, subcommands = {ScaleSimCommand.class, StonneCommand.class},
        description = "Run dlas's accelerator simulators on the reference tools' inputs (scalesim: SCALE-Sim v2 cfg and topology files; stonne: STONNE standalone options for MAERI CONV/FC/DenseGEMM).")
public class SimCommand implements CommandPlugin, Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a simulator: scalesim or stonne");
    }
}
