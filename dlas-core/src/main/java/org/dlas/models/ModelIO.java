package org.dlas.models;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.dlas.ir.Graph;
import org.dlas.ir.Int8Params;
import org.dlas.ir.IrException;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A compact binary format for model graphs ({@code .dlasm}): every operator kind with its weights,
 * null biases, int8 quantisation parameters and BatchNorm statistics, plus string metadata.
 *
 * <pre>
 * int magic 'DLSM'; int version
 * int metadata count; (UTF key, UTF value)...
 * UTF graph name; UTF output node; int node count
 * per node: UTF name; int input count; UTF input...; byte op tag; op fields
 * long CRC-32 of everything before it
 * </pre>
 * Big-endian (DataOutputStream). Float arrays are an int length (-1 for null) and the values;
 * Int8Params are a presence byte, the int8 weights, the scales, the input scale and zero point.
 * {@link #save} writes to a temporary file in the target directory and renames it into place, so a
 * reader never sees a partial file.
 */
public final class ModelIO {
    public static final int MAGIC = 0x444C534D; // "DLSM"
    public static final int VERSION = 1;
    private static final int MAX_ARRAY = 1 << 28;

    private static final byte INPUT = 1, CONV = 2, DENSE = 3, MAXPOOL = 4, AVGPOOL = 5, GAP = 6, RELU = 7, RELU6 = 8,
            ADD = 9, CONCAT = 10, BATCHNORM = 11, FLATTEN = 12, SOFTMAX = 13, MUL = 14, SIGMOID = 15, TANH = 16,
            HARD_SIGMOID = 17, PRELU = 18, CLIP = 19, LRN = 20, SELECT = 21, MAXPOOL_HW = 22, AVGPOOL_HW = 23, RECIPROCAL = 24, LINEAR_RESIZE = 25;

    /** A graph as read back, with its metadata. */
    public record Stored(Graph graph, Map<String, String> metadata) {
        public Stored {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    private ModelIO() { }

    public static void save(Graph g, Path file) throws IOException { save(g, Map.of(), file); }

    /** Writes atomically: a temporary file in the same directory, then a rename over {@code file}. */
    public static void save(Graph g, Map<String, String> metadata, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(g, metadata, out);
            }
            readableByAll(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Temporary files are created owner-only; a cached model is for everyone who can read the directory. */
    static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: keep the defaults
        }
    }

    public static Graph load(Path file) throws IOException { return read(file).graph(); }

    public static Stored read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public static void write(Graph g, Map<String, String> metadata, OutputStream os) throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(os, 1 << 16), new CRC32());
        DataOutputStream out = new DataOutputStream(checked);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(metadata.size());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        out.writeUTF(g.name());
        out.writeUTF(g.output());
        out.writeInt(g.nodes().size());
        for (Node n : g.nodes()) {
            out.writeUTF(n.name());
            out.writeInt(n.inputs().size());
            for (String i : n.inputs()) out.writeUTF(i);
            writeOp(out, n.op());
        }
        out.flush();
        long crc = checked.getChecksum().getValue();
        out.writeLong(crc);
        out.flush();
    }

    public static Stored read(InputStream is) throws IOException {
        BufferedInputStream buf = new BufferedInputStream(is, 1 << 16);
        CheckedInputStream checked = new CheckedInputStream(buf, new CRC32());
        DataInputStream in = new DataInputStream(checked);
        try {
            int magic = in.readInt();
            if (magic != MAGIC) throw new IOException("not a dlas model file (magic 0x" + Integer.toHexString(magic) + ")");
            int version = in.readInt();
            if (version != VERSION) throw new IOException("unsupported model file version " + version + " (this build reads " + VERSION + ")");
            int metaCount = count(in.readInt(), "metadata entries");
            Map<String, String> meta = new LinkedHashMap<>();
            for (int i = 0; i < metaCount; i++) meta.put(in.readUTF(), in.readUTF());
            String name = in.readUTF(), output = in.readUTF();
            int nodeCount = count(in.readInt(), "nodes");
            List<Node> nodes = new ArrayList<>(nodeCount);
            for (int i = 0; i < nodeCount; i++) {
                String nodeName = in.readUTF();
                int ni = count(in.readInt(), "inputs");
                List<String> inputs = new ArrayList<>(ni);
                for (int j = 0; j < ni; j++) inputs.add(in.readUTF());
                Op op;
                try {
                    op = readOp(in);
                } catch (IllegalArgumentException e) {
                    throw new IOException("node '" + nodeName + "': " + e.getMessage(), e);
                }
                nodes.add(new Node(nodeName, op, inputs));
            }
            long computed = checked.getChecksum().getValue();
            long stored = new DataInputStream(buf).readLong();
            if (stored != computed) throw new IOException("checksum mismatch: the model file is corrupt");
            if (buf.read() != -1) throw new IOException("trailing bytes after the checksum");
            try {
                return new Stored(new Graph(name, nodes, output), meta);
            } catch (IrException e) {
                throw new IOException("invalid graph: " + e.getMessage(), e);
            }
        } catch (EOFException e) {
            throw new IOException("truncated model file", e);
        }
    }

    public static byte[] toBytes(Graph g, Map<String, String> metadata) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            write(g, metadata, bos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    public static Stored fromBytes(byte[] bytes) {
        try {
            return read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deep copy (no arrays shared with {@code g}). */
    public static Graph copy(Graph g) { return fromBytes(toBytes(g, Map.of())).graph(); }

    private static int count(int n, String what) throws IOException {
        if (n < 0 || n > 1_000_000) throw new IOException("implausible count of " + what + ": " + n);
        return n;
    }

    /** Operators without parameters, stored as their tag alone. */
    private static final Map<Byte, Supplier<Op>> BARE = Map.ofEntries(Map.entry(GAP, Op.GlobalAvgPool::new),
            Map.entry(RELU, Op.Relu::new), Map.entry(RELU6, Op.Relu6::new), Map.entry(ADD, Op.Add::new), Map.entry(CONCAT, Op.Concat::new),
            Map.entry(FLATTEN, Op.Flatten::new), Map.entry(SOFTMAX, Op.Softmax::new), Map.entry(MUL, Op.Mul::new),
            Map.entry(SIGMOID, Op.Sigmoid::new), Map.entry(TANH, Op.Tanh::new), Map.entry(RECIPROCAL, Op.Reciprocal::new));
    private static final Map<Class<?>, Byte> BARE_TAGS = BARE.entrySet().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(e -> e.getValue().get().getClass(), Map.Entry::getKey));

    /** A tag followed by int fields. */
    private static void ints(DataOutputStream out, byte tag, int... values) throws IOException {
        out.writeByte(tag);
        for (int v : values) out.writeInt(v);
    }

    /** A tag followed by float fields. */
    private static void scalars(DataOutputStream out, byte tag, float... values) throws IOException {
        out.writeByte(tag);
        floatFields(out, values);
    }

    /** Float fields after the tag and int fields (see {@link #ints}). */
    private static void floatFields(DataOutputStream out, float... values) throws IOException {
        for (float v : values) out.writeFloat(v);
    }

    private static void writeOp(DataOutputStream out, Op op) throws IOException {
        Byte bare = BARE_TAGS.get(op.getClass());
        if (bare != null) {
            out.writeByte(bare);
        } else if (op instanceof Op.Input i) {
            ints(out, INPUT, i.channels(), i.height(), i.width());
        } else if (op instanceof Op.Conv2d c) {
            out.writeByte(CONV);
            ConvSpec s = c.spec();
            for (int v : new int[] {s.inChannels(), s.outChannels(), s.kernelH(), s.kernelW(), s.strideH(), s.strideW(),
                    s.padH(), s.padW(), s.groups()}) out.writeInt(v);
            floats(out, c.weight());
            floats(out, c.bias());
            quant(out, c.quant());
        } else if (op instanceof Op.Dense d) {
            out.writeByte(DENSE);
            out.writeInt(d.in());
            out.writeInt(d.out());
            floats(out, d.weight());
            floats(out, d.bias());
            quant(out, d.quant());
        } else if (op instanceof Op.Pooling p) {
            // square windows keep their old three-number form, so existing files are unchanged
            boolean maxPool = op instanceof Op.MaxPool;
            if (p.square()) ints(out, maxPool ? MAXPOOL : AVGPOOL, p.kernel(), p.stride(), p.pad());
            else ints(out, maxPool ? MAXPOOL_HW : AVGPOOL_HW, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW());
        } else if (op instanceof Op.BatchNorm b) {
            out.writeByte(BATCHNORM);
            floats(out, b.gamma());
            floats(out, b.beta());
            floats(out, b.mean());
            floats(out, b.var());
            out.writeFloat(b.eps());
        } else if (op instanceof Op.HardSigmoid h) {
            scalars(out, HARD_SIGMOID, h.alpha(), h.beta());
        } else if (op instanceof Op.PRelu p) {
            out.writeByte(PRELU);
            floats(out, p.slope());
        } else if (op instanceof Op.Clip c) {
            scalars(out, CLIP, c.min(), c.max());
        } else if (op instanceof Op.Lrn l) {
            ints(out, LRN, l.size());
            floatFields(out, l.alpha(), l.beta(), l.bias());
        } else if (op instanceof Op.LinearResize r) {
            ints(out, LINEAR_RESIZE, r.outH(), r.outW());
            floatFields(out, r.scaleH(), r.scaleW());
            out.writeUTF(r.mode());
        } else if (op instanceof Op.Select sel) {
            out.writeByte(SELECT);
            for (int[] a : new int[][] {sel.channels(), sel.rows(), sel.cols()}) {
                out.writeInt(a.length);
                for (int v : a) out.writeInt(v);
            }
        } else {
            throw new InvalidInputException(ErrorKind.UNSUPPORTED, "ModelIO cannot write operator " + op.kind());
        }
    }

    private static Op readOp(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        if (BARE.containsKey(tag)) return BARE.get(tag).get();
        switch (tag) {
            case INPUT: return new Op.Input(in.readInt(), in.readInt(), in.readInt());
            case CONV: {
                int[] v = new int[9];
                for (int i = 0; i < 9; i++) v[i] = in.readInt();
                ConvSpec s = new ConvSpec(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
                float[] w = floats(in), b = floats(in);
                if (w == null) throw new IOException("conv without weights");
                return new Op.Conv2d(s, w, b, quant(in));
            }
            case DENSE: {
                int i = in.readInt(), o = in.readInt();
                float[] w = floats(in), b = floats(in);
                if (w == null) throw new IOException("dense without weights");
                return new Op.Dense(i, o, w, b, quant(in));
            }
            case MAXPOOL: return new Op.MaxPool(in.readInt(), in.readInt(), in.readInt());
            case AVGPOOL: return new Op.AvgPool(in.readInt(), in.readInt(), in.readInt());
            case BATCHNORM: {
                float[] g = floats(in), b = floats(in), m = floats(in), v = floats(in);
                float eps = in.readFloat();
                if (g == null || b == null || m == null || v == null) throw new IOException("batch norm with missing statistics");
                int c = g.length;
                if (b.length != c || m.length != c || v.length != c) throw new IOException("batch norm arrays of different lengths");
                return new Op.BatchNorm(g, b, m, v, eps);
            }
            case LINEAR_RESIZE: return new Op.LinearResize(in.readInt(), in.readInt(), in.readFloat(), in.readFloat(), in.readUTF());
            case HARD_SIGMOID: return new Op.HardSigmoid(in.readFloat(), in.readFloat());
            case PRELU: {
                float[] slope = floats(in);
                if (slope == null) throw new IOException("PRelu without slopes");
                return new Op.PRelu(slope);
            }
            case CLIP: return new Op.Clip(in.readFloat(), in.readFloat());
            case LRN: return new Op.Lrn(in.readInt(), in.readFloat(), in.readFloat(), in.readFloat());
            case SELECT: return new Op.Select(indices(in), indices(in), indices(in));
            case MAXPOOL_HW: return new Op.MaxPool(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt());
            case AVGPOOL_HW: return new Op.AvgPool(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt());
            default: throw new IOException("unknown operator tag " + tag);
        }
    }

    private static void floats(DataOutputStream out, float[] a) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        ByteBuffer bb = ByteBuffer.allocate(4 * a.length);
        bb.asFloatBuffer().put(a);
        out.write(bb.array());
    }

    private static int[] indices(DataInputStream in) throws IOException {
        int[] a = new int[count(in.readInt(), "select indices")];
        for (int i = 0; i < a.length; i++) a[i] = in.readInt();
        return a;
    }

    private static float[] floats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) return null;
        if (n < 0 || n > MAX_ARRAY) throw new IOException("implausible array length " + n);
        byte[] raw = new byte[4 * n];
        in.readFully(raw);
        float[] a = new float[n];
        ByteBuffer.wrap(raw).asFloatBuffer().get(a);
        return a;
    }

    private static void quant(DataOutputStream out, Int8Params q) throws IOException {
        if (q == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(1);
        byte[] w = q.weights();
        out.writeInt(w == null ? -1 : w.length);
        if (w != null) out.write(w);
        floats(out, q.weightScales());
        out.writeFloat(q.inputScale());
        out.writeInt(q.inputZeroPoint());
    }

    private static Int8Params quant(DataInputStream in) throws IOException {
        byte present = in.readByte();
        if (present == 0) return null;
        if (present != 1) throw new IOException("bad int8 marker " + present);
        int n = in.readInt();
        byte[] w = null;
        if (n != -1) {
            if (n < 0 || n > MAX_ARRAY) throw new IOException("implausible int8 weight count " + n);
            w = new byte[n];
            in.readFully(w);
        }
        float[] scales = floats(in);
        float inputScale = in.readFloat();
        int zp = in.readInt();
        return new Int8Params(w, scales, inputScale, zp);
    }
}
