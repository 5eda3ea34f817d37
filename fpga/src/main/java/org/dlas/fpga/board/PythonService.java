package org.dlas.fpga.board;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.dlas.tvm.TvmInstallation;

/**
 * A Python program of this package (the board server, the tracker) run on the Python and TVM
 * bundled with dlas, as a child that dies with this JVM: it gets {@code --exit-with-stdin} and
 * this side holds its stdin open without writing, so the pipe closes when the JVM ends, even by
 * SIGKILL, and the child exits.
 */
final class PythonService implements AutoCloseable {
    private final Process process;
    private final String readyLine;
    @SuppressWarnings("unused") // held open on purpose: its closing tells the child to exit
    private final OutputStream lifeline;

    private PythonService(Process process, String readyLine) {
        this.process = process;
        this.readyLine = readyLine;
        this.lifeline = process.getOutputStream();
    }

    /**
     * Starts {@code script} (a resource next to this class) with {@code args} and waits for its
     * line starting with {@code readyPrefix}; later output lines go to {@code log}.
     */
    static PythonService start(String script, List<String> args, String readyPrefix, Consumer<String> log)
            throws IOException {
        Path file = Files.createTempFile(script.replace(".py", "-"), ".py");
        file.toFile().deleteOnExit();
        try (InputStream in = PythonService.class.getResourceAsStream(script)) {
            if (in == null) throw new IOException(script + " is missing from the fpga jar");
            Files.write(file, in.readAllBytes());
        }
        TvmInstallation tvm = TvmInstallation.get();
        List<String> command = new ArrayList<>(List.of(tvm.python().toString(), "-u", file.toString()));
        command.addAll(args);
        command.add("--exit-with-stdin");
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(tvm.childEnvironment());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(readyPrefix)) {
                PythonService service = new PythonService(p, line);
                forward(out, log);
                return service;
            }
            if (!isNoise(line)) seen.append(line).append('\n');
        }
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IOException(script + " did not start (exit " + (p.isAlive() ? "none" : p.exitValue()) + "): " + seen.toString().strip());
    }

    /** LLVM's note about the host CPU name says nothing about the service. */
    private static boolean isNoise(String line) {
        return line.contains("apple-latest");
    }

    /** Keeps reading the child's output (so its pipe never fills), passing its log lines on. */
    private static void forward(BufferedReader out, Consumer<String> log) {
        Thread t = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (!isNoise(line)) log.accept(line);
                }
            } catch (IOException ignored) {
                // the child ended
            }
        }, "dlas-python-service-output");
        t.setDaemon(true);
        t.start();
    }

    String readyLine() { return readyLine; }

    Process process() { return process; }

    int waitFor() throws InterruptedException { return process.waitFor(); }

    @Override public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
