package org.dlas.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * The {@code dlas} command line. Exit codes: 0 all measured, 1 some points failed, 2 bad usage or input, 3 a store
 * or I/O problem, 4 an unexpected error (a bug). Errors are one line ({@link ErrorHandler}); {@code --verbose}
 * adds the stack trace and the log down to DEBUG ({@link Logging}).
 */
@Command(name = "dlas", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Design-space exploration of deep-learning acceleration: sweep the stack, measure every point.",
        subcommands = {SweepCommand.class, ValidateCommand.class, ResultsCommand.class, ReportCommand.class, BenchReportCommand.class,
                ListCommand.class, ExportCommand.class, InspectCommand.class, InferCommand.class,
                org.dlas.robust.DifftestCommand.class, org.dlas.robust.MutateCommand.class, org.dlas.robust.FaultsCommand.class,
                org.dlas.robust.conversion.RepairCommand.class, CommandLine.HelpCommand.class})
public final class Dlas implements Runnable {
    public static final int EXIT_FAILURES = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_STORE = 3;
    public static final int EXIT_INTERNAL = 4;

    @CommandLine.Option(names = ErrorHandler.VERBOSE, scope = CommandLine.ScopeType.INHERIT,
            description = "print the stack trace of an error and log at DEBUG level (default: warnings only)") boolean verbose;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Dlas());
        for (CommandPlugin plugin : java.util.ServiceLoader.load(CommandPlugin.class)) cl.addSubcommand(plugin);
        ErrorHandler errors = new ErrorHandler();
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
        return cl.setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors)
                .setExecutionStrategy(parsed -> {
                    // picocli lets --help win over an unknown command (`dlas sim --help` printed the top-level help, exit 0)
                    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
                        if (!p.unmatched().isEmpty()) throw new CommandLine.UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
                    }
                    return runLast.execute(parsed);
                });
    }

    public static void main(String[] args) {
        Logging.configure(java.util.List.of(args));
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }
}
