package org.dlas.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dlas} command line. Exit codes: 0 success, 1 failures in the work, 2 bad usage or input. */
@Command(name = "dlas", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Design-space exploration of deep-learning acceleration: sweep the stack, measure every point.",
        subcommands = {SweepCommand.class, ValidateCommand.class, ResultsCommand.class, ReportCommand.class, BenchReportCommand.class,
                ListCommand.class, ExportCommand.class, InspectCommand.class, InferCommand.class,
                org.dlas.robust.DifftestCommand.class, org.dlas.robust.MutateCommand.class, org.dlas.robust.FaultsCommand.class,
                org.dlas.robust.conversion.RepairCommand.class, CommandLine.HelpCommand.class})
public final class Dlas implements Runnable {
    public static final int EXIT_FAILURES = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Dlas()); // picocli answers invalid input with exit code 2 (EXIT_USAGE)
        for (CommandPlugin plugin : java.util.ServiceLoader.load(CommandPlugin.class)) cl.addSubcommand(plugin);
        return cl;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }
}
