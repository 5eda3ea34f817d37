package org.dlas.fpga;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.dlas.fpga.board.BoardLink;
import org.dlas.fpga.board.BoardSecret;
import org.dlas.fpga.board.BoardSimulator;
import org.dlas.fpga.board.TrackerClient;
import org.dlas.fpga.sim.NativeFiles;
import org.dlas.fpga.sim.Simulator;
import org.dlas.fpga.sim.SimulationException;
import org.dlas.fpga.sim.WorkerPool;
import org.dlas.ir.Graph;
import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.Primitives;
import org.dlas.runtime.CompiledModel;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.dlas.target.HardwareTarget;
import org.dlas.target.PreparedModel;
import org.dlas.settings.DlasSettings;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * {@code fpga}: SECDA-style FPGA accelerator designs (SystemC), simulated here. The model must
 * be int8-quantised ({@code compression: {name: int8}}): every conv/dense layer runs on the
 * simulated design through {@link FpgaConvPrimitive}, every other operator (pooling, ReLU,
 * softmax, quantise/dequantise around the layers) on the host JVM. The {@code primitive} axis
 * chooses the kernels of the CPU-only baseline the speedup is computed against.
 *
 * <p>Hardware parameters: see {@link DesignConfig#params()}. {@code mode: board} sends every job
 * (the driver's program for the DMA buffer) to a board server over TVM's RPC ({@link BoardSimulator});
 * a point whose board does not answer is skipped with that reason.
 */
public final class FpgaTarget implements HardwareTarget {
    public static final String NAME = "fpga";

    @Override public boolean int8Only() { return true; }
    /** System property: worker processes in the shared pool (default: min(4, available processors)). */
    public static final String WORKERS_PROPERTY = DlasSettings.FPGA_WORKERS;

    private static final Object SHARED_LOCK = new Object();
    private static final Map<BoardLink, BoardSimulator> BOARDS = new ConcurrentHashMap<>();
    private static WorkerPool sharedPool;

    private final NativeFiles natives;
    private final boolean shared;
    private WorkerPool pool;
    private volatile Optional<String> availability;

    /** The target ServiceLoader creates: the standard lookup and the JVM-wide worker pool. */
    public FpgaTarget() {
        this(NativeFiles.standard(), true);
    }

    /** A target with its own lookup (and its own pool, closed by {@link #close()}). */
    public FpgaTarget(NativeFiles natives) {
        this(natives, false);
    }

    private FpgaTarget(NativeFiles natives, boolean shared) {
        this.natives = natives;
        this.shared = shared;
    }

    @Override public String name() { return NAME; }

    @Override public String description() {
        return "SECDA-style FPGA designs (vm: vector-MAC, sa: systolic array) simulated in SystemC; int8 models only";
    }

    @Override public List<ParamSpec> params() { return DesignConfig.params(); }

    @Override public Optional<String> unavailableReason() {
        Optional<String> a = availability;
        if (a == null) {
            synchronized (this) {
                if (availability == null) availability = probe();
                a = availability;
            }
        }
        return a;
    }

    private Optional<String> probe() {
        Optional<String> missing = natives.unavailableReason();
        if (missing.isPresent()) return missing;
        try {
            pool().probe();
            return Optional.empty();
        } catch (SimulationException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override public Optional<String> unsupported(Choice hardware, Choice primitive, Choice codegen) {
        if (boardMode(hardware)) {
            try {
                BoardLink link = boardLink(hardware);
                if (link.viaTracker()) {
                    BoardSecret.load(link.secretFile());
                    new TrackerClient(link.tracker()).summary();
                } else {
                    board(link).probe();
                }
            } catch (BoardSecret.Missing e) {
                return Optional.of(e.getMessage());
            } catch (IOException | IllegalArgumentException e) {
                return Optional.of("no TVM RPC tracker answers at " + DesignConfig.param(hardware.params(), "tracker") + " (" + e.getMessage()
                        + "); start one with `dlas tracker`");
            } catch (SimulationException e) {
                return Optional.of(e.getMessage());
            } catch (LinkageError e) {
                return Optional.of("mode board talks TVM's RPC: it needs the tvm-runtime module's TVM on the class path (" + e + ")");
            }
        }
        if (!"none".equals(codegen.name())) {
            return Optional.of("the fpga target runs its own driver and SystemC designs; codegen '" + codegen.name() + "' does not apply");
        }
        try {
            DesignConfig.of(hardware);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    static boolean boardMode(Choice hardware) {
        return "board".equals(String.valueOf(DesignConfig.param(hardware.params(), "mode")));
    }

    /** Where the choice's jobs go, and the secret that opens the board server. */
    static BoardLink boardLink(Choice hardware) {
        Map<String, Object> p = hardware.params();
        String secret = String.valueOf(DesignConfig.param(p, "board_secret_file"));
        return new BoardLink(String.valueOf(DesignConfig.param(p, "board_host")), ((Number) DesignConfig.param(p, "board_port")).intValue(),
                String.valueOf(DesignConfig.param(p, "key")), String.valueOf(DesignConfig.param(p, "tracker")),
                secret.isBlank() ? BoardSecret.defaultFile() : Path.of(secret));
    }

    /** The link to a board server at a fixed address (one per link, kept for the JVM's life). */
    private static BoardSimulator board(BoardLink link) {
        return BOARDS.computeIfAbsent(link, BoardSimulator::new);
    }

    /** The pool jobs run on. */
    public Simulator simulator() { return pool(); }

    private WorkerPool pool() {
        if (shared) {
            synchronized (SHARED_LOCK) {
                if (sharedPool == null) {
                    sharedPool = newPool();
                    WorkerPool p = sharedPool;
                    Runtime.getRuntime().addShutdownHook(new Thread(p::close, "dlas-fpga-pool-shutdown"));
                }
                return sharedPool;
            }
        }
        synchronized (this) {
            if (pool == null) pool = newPool();
            return pool;
        }
    }

    private WorkerPool newPool() {
        var worker = natives.worker().orElseThrow(() -> new SimulationException(SimulationException.Kind.UNAVAILABLE,
                natives.unavailableReason().orElse("fpga simulator worker not found")));
        int size = DlasSettings.read().fpgaWorkers().orElse(Math.min(4, Runtime.getRuntime().availableProcessors()));
        return new WorkerPool(worker, Math.max(1, size));
    }

    /** Closes this target's own pool (the shared pool lives until the JVM exits). */
    public void close() {
        if (!shared) {
            synchronized (this) {
                if (pool != null) pool.close();
                pool = null;
            }
        }
    }

    @Override public PreparedModel prepare(Graph model, Choice hardware, Choice primitive, Choice codegen) {
        Optional<String> why = unsupported(hardware, primitive, codegen);
        if (why.isPresent()) throw new InvalidInputException(ErrorKind.UNSUPPORTED, why.get());
        boolean board = boardMode(hardware);
        Optional<String> unavailable = board ? Optional.empty() : unavailableReason();
        if (unavailable.isPresent()) throw new IllegalStateException(unavailable.get());
        requireInt8(model);
        // through a tracker each point takes a board of its own and gives it back when it closes
        BoardLink link = board ? boardLink(hardware) : null;
        BoardSimulator leased = link != null && link.viaTracker() ? new BoardSimulator(link) : null;
        Simulator simulator = leased != null ? leased : board ? board(link) : pool();
        try {
            DesignConfig design = DesignConfig.of(hardware);
            PowerTable power = PowerTable.load(String.valueOf(DesignConfig.param(hardware.params(), "power_table")));
            SimAccumulator acc = new SimAccumulator();
            FpgaConvPrimitive fpga = new FpgaConvPrimitive(design, simulator, acc);
            ConvPrimitive direct = Primitives.create("direct", Map.of());
            CompiledModel accelerated = CompiledModel.compile(model, fpga, direct);
            CompiledModel cpuOnly = CompiledModel.compile(model, Primitives.create(primitive.name(), primitive.params()), direct);
            if (leased != null) leased.probe(); // takes the board (last, so compiling does not hold it)
            return new FpgaPreparedModel(design, power, accelerated, cpuOnly, primitive.label(), acc, simulator, leased);
        } catch (RuntimeException e) {
            if (leased != null) leased.close(); // the board goes back to the tracker
            throw e;
        }
    }

    /** The designs compute int8 only: every conv/dense layer must carry int8 parameters. */
    static void requireInt8(Graph model) {
        List<String> fp32 = model.fp32MacLayers();
        if (!fp32.isEmpty()) {
            throw new InvalidInputException(ErrorKind.UNSUPPORTED, "the fpga designs compute int8 only, and layer" + (fp32.size() == 1 ? " " : "s ")
                    + String.join(", ", fp32.subList(0, Math.min(5, fp32.size()))) + (fp32.size() > 5 ? ", ..." : "")
                    + " of model '" + model.name() + "' " + (fp32.size() == 1 ? "is" : "are")
                    + " fp32: quantise the model (compression: {name: int8}), or exclude {hardware: fpga, compression: none} in the sweep");
        }
    }
}
