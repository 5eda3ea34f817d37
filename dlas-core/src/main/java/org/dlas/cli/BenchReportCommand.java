package org.dlas.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.dlas.report.KernelBenchReport;

@Command(name = "bench-report", mixinStandardHelpOptions = true,
        description = "Plots (PNG and SVG) and a Markdown summary of a kernel benchmark run: GOP/s per primitive per layer "
                + "(Java kernels and TVM side by side) and time vs weight sparsity with the crossovers marked. SUMMARY is the "
                + "kernels-summary.json that org.dlas.bench.KernelBench writes (KernelBench --summarize turns a JMH result file into one).")
final class BenchReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SUMMARY", description = "kernels-summary.json of a kernel benchmark run") Path summary;
    @Parameters(index = "1", paramLabel = "OUTDIR", description = "folder for the plots and " + KernelBenchReport.MARKDOWN) Path outDir;

    @Override public Integer call() {
        if (!Files.isRegularFile(summary)) {
            System.err.println("no such file: " + summary);
            return Dlas.EXIT_USAGE;
        }
        try {
            System.out.println("wrote " + KernelBenchReport.write(summary, outDir));
            return 0;
        } catch (IOException e) {
            System.err.println("bench-report: " + e.getMessage());
            return Dlas.EXIT_USAGE;
        }
    }
}
