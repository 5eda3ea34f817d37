package org.dlas.tuner.tvm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.tvm.Function;
import org.apache.tvm.TVMValue;
import org.dlas.ir.Shape;
import org.dlas.tvm.rpc.RpcSecret;
import org.dlas.tvm.rpc.RpcSession;
import org.dlas.tvm.rpc.TrackerClient;

/**
 * A TVM build run on a remote CPU host ({@code dlas rpc-server}) taken from TVM's RPC tracker: the
 * library, graph and parameters built here are sent once ({@code dlas.cpu.load}), then each batch
 * goes through {@code dlas.cpu.run}. The host stays leased for the life of this object (other
 * points queue at the tracker meanwhile); closing gives it back.
 */
final class RemoteTvmModel implements LoadedTvmModel {
    /** TVM time_evaluator settings for the host-side figure: one run per measurement, median-robust count. */
    static final int TIMED_NUMBER = 1;
    static final int TIMED_REPEAT = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where to find a host: {@code rpc: {tracker, key, secret_file}} of a cpu point. */
    record Link(String tracker, String key, Path secretFile) {
        static Link of(Map<?, ?> rpc) {
            Object secret = rpc.get(CpuTarget.RPC_SECRET_FILE);
            return new Link(String.valueOf(rpc.get(CpuTarget.RPC_TRACKER)), String.valueOf(rpc.get(CpuTarget.RPC_KEY)),
                    secret == null ? RpcSecret.defaultFile() : Path.of(String.valueOf(secret)));
        }
    }

    private final RpcSession session;
    private final Function run;
    private final int batch;
    private final int perImage;
    private final int classes;
    private final String where;
    private Map<String, Double> timed;

    RemoteTvmModel(CompiledLibrary built, Link link, int batch, Shape inputShape, int classes) throws IOException {
        this.batch = batch;
        this.perImage = inputShape.size();
        this.classes = classes;
        RpcSecret.load(link.secretFile()); // before queueing at the tracker: a missing secret needs no host
        TrackerClient.Lease lease = new TrackerClient(link.tracker()).request(link.key());
        this.session = RpcSession.open(lease.host(), lease.port(), lease.matchKey(), link.secretFile());
        try {
            this.where = "rpc host " + lease.host() + ":" + lease.port() + " (tracker " + link.tracker() + ", key '" + link.key() + "'; "
                    + session.callString("dlas.cpu.describe") + ")";
            TVMValue loaded = session.function("dlas.cpu.load")
                    .pushArg(loadRequest(built, List.of((long) batch, (long) inputShape.channels(), (long) inputShape.height(), (long) inputShape.width())))
                    .invoke();
            loaded.release();
            this.run = session.function("dlas.cpu.run");
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The library, graph and parameters in {@code dlas.cpu.load}'s format: a JSON header (its length first), then the bytes. */
    private static byte[] loadRequest(CompiledLibrary built, List<Long> inputShape) throws IOException {
        byte[] library = Files.readAllBytes(built.library());
        byte[] params = Files.readAllBytes(built.params());
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("graph", Files.readString(built.graphJson()));
        header.put("lib_bytes", library.length);
        header.put("params_bytes", params.length);
        header.put("input_shape", inputShape);
        byte[] head = JSON.writeValueAsBytes(header);
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 + head.length + library.length + params.length);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(head.length).array());
        out.write(head);
        out.write(library);
        out.write(params);
        return out.toByteArray();
    }

    @Override public int batch() { return batch; }

    @Override public int valuesPerImage() { return perImage; }

    @Override public int classes() { return classes; }

    @Override public float[] runBatch(float[] chunk) {
        ByteBuffer in = ByteBuffer.allocate(chunk.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        in.asFloatBuffer().put(chunk);
        ByteBuffer out = ByteBuffer.wrap(RpcSession.callBytes(run, in.array())).order(ByteOrder.LITTLE_ENDIAN);
        float[] outputs = new float[batch * classes];
        if (out.remaining() != outputs.length * 4) {
            throw new IllegalStateException("the " + where + " answered " + out.remaining() + " bytes for " + outputs.length + " outputs");
        }
        out.asFloatBuffer().get(outputs);
        return outputs;
    }

    @Override public String where() { return where; }

    /** TVM's time_evaluator on the host over the last batch (once, then kept): the latency without the network. */
    @Override public Map<String, Double> metrics() {
        if (timed == null) {
            TVMValue v = session.function("dlas.cpu.time").pushArg(TIMED_NUMBER).pushArg(TIMED_REPEAT).invoke();
            try {
                JsonNode r = JSON.readTree(v.asString().getBytes(StandardCharsets.UTF_8));
                timed = Map.of("remote_run_ms", r.path("mean_ms").asDouble());
            } catch (IOException e) {
                throw new IllegalStateException("the " + where + " answered dlas.cpu.time with something that is not JSON", e);
            } finally {
                v.release();
            }
        }
        return timed;
    }

    @Override public void close() { session.close(); }
}
